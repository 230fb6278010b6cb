/**
 * The end-to-end harness: headless Firefox ESR driven over WebDriver BiDi (puppeteer-core), the built add-on
 * installed as a temporary add-on with a fixed moz-extension uuid, and fixture pages served from 127.0.0.1.
 * One browser per test file: Firefox takes 3-5 s to start here.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { inject } from "vitest";
import { proxyPrefs } from "./egress/egress-proxy";
import { quietFirefoxPrefs } from "./firefox-prefs";

export const ADDON_ID = "hearth@hearth.local";
export const ADDON_UUID = "6f1d2a4e-3b7c-4e58-9a21-5c0d8e7f1a3b";
export const EXTENSION_ORIGIN = `moz-extension://${ADDON_UUID}`;
/** The test build: the release add-on plus the scripted fake engine (scripts/build.ts --test). */
export const ADDON_DIR = resolve(import.meta.dirname, "../../dist/firefox-test");
const FIREFOX = process.env.HEARTH_FIREFOX ?? "/usr/bin/firefox-esr";

export interface LaunchOptions {
  /** Extra prefs, e.g. a shorter extensions.background.idle.timeout. */
  prefs?: Record<string, string | number | boolean>;
  /**
   * Route all traffic through the egress audit proxy on this port. Default: under Vitest, the run's proxy (see
   * egress/global-setup.ts); outside Vitest (`npm run bench`), none.
   */
  egressProxyPort?: number;
  /**
   * A Firefox profile folder to use and keep, so a second launch finds what the first stored. The add-on is installed
   * as a temporary add-on each time, with the same id and uuid, and Firefox keeps its data (storage.local, IndexedDB,
   * OPFS) in the profile across the restart, as for a normal install.
   */
  profileDir?: string;
}

/** The egress proxy port to use, or null for none. */
function egressProxyPort(options: LaunchOptions): number | null {
  if (options.egressProxyPort !== undefined) return options.egressProxyPort;
  // inject() throws outside Vitest, which sets VITEST in the environment of every test worker.
  return process.env.VITEST ? inject("egressProxyPort") : null;
}

export interface HearthBrowser {
  browser: Browser;
  /** Open one of the add-on's pages (e.g. "sidebar/index.html") in a new tab, once `readySelector` is present. */
  openExtensionPage(path: string, readySelector?: string): Promise<Page>;
  /** Open a web page in a new tab and wait for it to load. */
  openPage(url: string): Promise<Page>;
  close(): Promise<void>;
}

/** Start Firefox with the built add-on installed. */
export async function launchHearth(options: LaunchOptions = {}): Promise<HearthBrowser> {
  if (!existsSync(`${ADDON_DIR}/manifest.json`)) {
    throw new Error("dist/firefox-test is missing: run `npm run build:test` first (npm test does it for you).");
  }
  if (!existsSync(FIREFOX)) {
    throw new Error(`${FIREFOX} is missing: run \`apt-get install -y firefox-esr\` (npm test does it for you as root).`);
  }
  const proxyPort = egressProxyPort(options);
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    ...(options.profileDir ? { userDataDir: options.profileDir } : {}),
    // Needed to navigate a tab to moz-extension:// pages over BiDi.
    args: ["--remote-allow-system-access"],
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: "1" },
    extraPrefsFirefox: {
      ...quietFirefoxPrefs,
      "extensions.webextensions.uuids": JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
      // All traffic, loopback included, through the run's egress audit proxy (tests/e2e/egress).
      ...(proxyPort === null ? {} : proxyPrefs(proxyPort)),
      ...options.prefs,
    },
  });
  try {
    await browser.installExtension(ADDON_DIR);
  } catch (error) {
    await browser.close();
    throw error;
  }

  return {
    browser,
    async openExtensionPage(path, readySelector = "body") {
      const page = await browser.newPage();
      // page.goto to a moz-extension:// URL never resolves over BiDi, so wait for the page's content instead.
      page.goto(`${EXTENSION_ORIGIN}/${path}`).catch(() => {});
      // Poll from here rather than with page.waitForFunction: while the tab swaps documents, Firefox's BiDi can fail
      // an evaluation with a transient protocol error ("right-hand side of 'in' should be an object"), which would
      // fail the wait instead of retrying it.
      const deadline = Date.now() + 20_000;
      for (;;) {
        const ready = await page
          .evaluate(
            (origin: string, selector: string) =>
              location.href.startsWith(origin) && document.readyState === "complete" && document.querySelector(selector) !== null,
            EXTENSION_ORIGIN,
            readySelector,
          )
          .catch(() => false);
        if (ready) return page;
        if (Date.now() > deadline) throw new Error(`${path} did not show ${readySelector} within 20 s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async openPage(url) {
      const page = await browser.newPage();
      await page.goto(url, { waitUntil: "load" });
      return page;
    },
    close: () => browser.close(),
  };
}

/** Run `fn` in an extension page's context, where `browser.*` is available. */
export function inExtension<T, A extends unknown[]>(page: Page, fn: (...args: A) => T | Promise<T>, ...args: A): Promise<T> {
  return page.evaluate(fn as (...args: unknown[]) => T | Promise<T>, ...args) as Promise<T>;
}
