/**
 * Helpers for the translate e2e tests: open a fixture page in front, start an action through "translate/start" (the
 * context menu's code path), and read or click the in-page UI. That UI sits in closed shadow roots; the test build
 * exposes them to page script as window.__hearthShadowRoot(tag), and page.evaluate runs as page script.
 */
import type { Page } from "puppeteer-core";
import type { FixtureServer } from "./fixture-server";
import { inExtension, launchHearth, type HearthBrowser } from "./harness";
import { requestIn } from "./wire";

/** Host tags of the selection panel and the page bar. */
export const PANEL = "hearth-translate-panel";
export const BAR = "hearth-translate-bar";

export type HookWindow = Window & { __hearthShadowRoot?: (tag: string) => ShadowRoot | null };

export interface TranslateSession {
  hearth: HearthBrowser;
  /** An extension page to send Hearth's messages from. */
  ext: Page;
  /** Open a fixture page in front (hidden tabs pause page translation) once its content script answers. */
  openInFront(path: string): Promise<{ page: Page; tabId: number }>;
  /** The tab id of an open page, once its content script answers. */
  openTab(page: Page): Promise<number>;
  /** Run the context menu's action in a tab. */
  start(tabId: number, action: "selection" | "page"): Promise<{ ok: boolean; value?: { started: boolean } }>;
  setTarget(language: string): Promise<void>;
}

/** Start Firefox with Hearth and an options page to talk from. */
export async function startSession(fixtures: FixtureServer): Promise<TranslateSession> {
  const hearth = await launchHearth();
  const ext = await hearth.openExtensionPage("options/index.html", "#settings-form");
  const openTab = async (page: Page): Promise<number> => {
    const url = page.url();
    for (let attempt = 0; attempt < 50; attempt++) {
      const tabId = await inExtension(ext, async (wanted: string) => {
        const tab = (await browser.tabs.query({})).find((candidate) => candidate.url === wanted);
        if (tab?.id === undefined) return null;
        try {
          await browser.tabs.sendMessage(tab.id, { hearth: "request", type: "content/ping", payload: { text: "x" } });
          return tab.id;
        } catch {
          return null;
        }
      }, url);
      if (tabId !== null) return tabId;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error(`the content script of ${url} never answered`);
  };
  return {
    hearth,
    ext,
    openTab,
    async openInFront(path) {
      const page = await hearth.openPage(fixtures.url(path));
      await page.bringToFront();
      return { page, tabId: await openTab(page) };
    },
    start: (tabId, action) => requestIn<{ started: boolean }>(ext, "translate/start", { tabId, action }),
    async setTarget(language) {
      const reply = await requestIn(ext, "translate/set-target", { language });
      if (!reply.ok) throw new Error(`set-target: ${JSON.stringify(reply.error)}`);
    },
  };
}

/** Wait until the element at `selector` in the UI `tag` has one of `phases` in data-phase. */
export function waitForPhase(page: Page, tag: string, selector: string, phases: string[], timeout = 20_000) {
  return page.waitForFunction(
    (t: string, s: string, wanted: string[]) => {
      const phase = (window as unknown as HookWindow).__hearthShadowRoot?.(t)?.querySelector<HTMLElement>(s)?.dataset.phase;
      return phase !== undefined && wanted.includes(phase);
    },
    { timeout },
    tag,
    selector,
    phases,
  );
}

/** The status line of the UI `tag`, or null when it is not in the page. */
export function statusOf(page: Page, tag: string): Promise<string | null> {
  return page.evaluate(
    (t: string) => (window as unknown as HookWindow).__hearthShadowRoot?.(t)?.querySelector(".status")?.textContent ?? null,
    tag,
  );
}

/** Click a button inside a closed shadow root with the real mouse, at its place on screen. */
export async function clickIn(page: Page, tag: string, selector: string): Promise<void> {
  const box = await page.evaluate((t: string, s: string) => {
    const rect = (window as unknown as HookWindow).__hearthShadowRoot?.(t)?.querySelector(s)?.getBoundingClientRect();
    return rect ? { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 } : null;
  }, tag, selector);
  if (!box) throw new Error(`${selector} not found in ${tag}`);
  await page.mouse.click(box.x, box.y);
}

/** Select the contents of the element at `selector` with a Range, as a user's drag would. */
export function selectContents(page: Page, selector: string): Promise<string> {
  return page.evaluate((s: string) => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector(s) as Node);
    const selection = getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    return selection?.toString() ?? "";
  }, selector);
}
