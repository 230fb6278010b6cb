/**
 * One-file offline install: scripts/embed-model.ts puts the tiny model inside the test build and packs it as an
 * .xpi; Firefox installs that file, and Hearth lists the model as present and answers with it, with no download and
 * no fixture server to download from.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { makeTinyGguf } from "../fixtures/models/tiny-gguf";
import { proxyPrefs } from "./egress/egress-proxy";
import { quietFirefoxPrefs } from "./firefox-prefs";
import { ADDON_DIR, ADDON_ID, ADDON_UUID, EXTENSION_ORIGIN, inExtension } from "./harness";
import { requestIn, streamIn } from "./wire";

const root = resolve(import.meta.dirname, "../..");
let scratch: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "hearth-embedded-"));
  const model = join(scratch, "tiny.gguf");
  writeFileSync(model, makeTinyGguf({ seed: 9 }));
  const out = join(scratch, "addon");
  const embed = spawnSync(
    "npx",
    ["tsx", "scripts/embed-model.ts", "--model", model, "--id", "embedded-tiny", "--name", "Tiny built-in", "--from", ADDON_DIR, "--out", out, "--xpi", "--artifacts", scratch],
    { cwd: root, encoding: "utf8" },
  );
  if (embed.status !== 0) throw new Error(`embed-model failed:\n${embed.stdout}\n${embed.stderr}`);

  // The harness installs dist/firefox-test; this file installs the packed one-file build instead.
  browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: process.env.HEARTH_FIREFOX ?? "/usr/bin/firefox-esr",
    headless: true,
    args: ["--remote-allow-system-access"],
    // As in the harness: without it, remote settings ignores services.settings.server and calls Mozilla.
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: "1" },
    extraPrefsFirefox: { ...quietFirefoxPrefs, "extensions.webextensions.uuids": JSON.stringify({ [ADDON_ID]: ADDON_UUID }), ...proxyPrefs(inject("egressProxyPort")) },
  });
  await browser.installExtension(join(scratch, "hearth-embedded-embedded-tiny.xpi"));
  page = await browser.newPage();
  page.goto(`${EXTENSION_ORIGIN}/options/index.html`).catch(() => {});
  await page.waitForFunction((origin: string) => location.href.startsWith(origin) && document.readyState === "complete", { timeout: 15_000 }, EXTENSION_ORIGIN);
  await page.waitForSelector('#models-installed li[data-model-id="embedded-tiny"]', { timeout: 15_000 });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe("an add-on with a model inside", () => {
  it("lists the embedded model as present and in use, and will not delete it", async () => {
    const overview = await requestIn<{ installed: { id: string; origin: string; active: boolean; removable: boolean }[]; activeModelId: string }>(page, "models/overview", {});
    expect(overview.value?.activeModelId).toBe("embedded-tiny");
    expect(overview.value?.installed).toEqual([expect.objectContaining({ id: "embedded-tiny", origin: "embedded", active: true, removable: false })]);
    expect(await page.$eval('#models-installed li[data-model-id="embedded-tiny"]', (li) => li.textContent)).toMatch(/Tiny built-in.*built into this add-on/s);
    expect(await requestIn(page, "models/delete", { modelId: "embedded-tiny" })).toMatchObject({ ok: false, error: { name: "PermissionError" } });
  });

  it("answers with it at once: nothing downloaded, nothing requested, nothing copied into storage", async () => {
    const answer = await streamIn<{ kind: string; text?: string; info?: { modelId: string } }>(page, "engine/generate", {
      messages: [{ role: "user", content: "Hello." }],
      maxTokens: 8,
      temperature: 0,
    });
    expect(answer.end, JSON.stringify(answer.error)).toBe("done");
    expect(answer.chunks.find((c) => c.kind === "started")?.info?.modelId).toBe("embedded-tiny");
    expect(answer.chunks.filter((c) => c.kind === "text").map((c) => c.text).join("").length).toBeGreaterThan(0);
    expect(await requestIn(page, "models/request-log", {})).toEqual({ ok: true, value: [] });
    const opfs = await inExtension(page, async () => {
      const names: string[] = [];
      for await (const name of (await navigator.storage.getDirectory() as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
      return names;
    });
    expect(opfs).toEqual([]);
  });
});
