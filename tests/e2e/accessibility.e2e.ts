/**
 * Every Hearth page passes axe-core's checks (WCAG 2.x A and AA rules, labels, landmarks, colour contrast...), in the
 * light and the dark theme: the settings, onboarding, the popup, the summary panel, the chat with a conversation and
 * the reader with a simplified article. (The in-page translation UI lives in closed shadow roots axe cannot enter.)
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openChat, send, settled } from "./chat-helpers";
import type { FixtureServer } from "./fixture-server";
import { inExtension, type HearthBrowser } from "./harness";
import { openReader, type ReaderSession, startReaderSession, waitForPhase } from "./reader-helpers";
import { loadScriptedEngine } from "./tiny-model";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let hearth: HearthBrowser;
let fixtures: FixtureServer;
let options: Page;

/** axe-core's violations on `page`, one line each: impact, rule and the first offending elements. */
async function violations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<Result> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((node) => node.target.join(" ")).join(", ")}`);
  });
}

async function setTheme(theme: "light" | "dark"): Promise<void> {
  await inExtension(options, async (value: string) => {
    const stored = (await browser.storage.local.get("settings")).settings as Record<string, unknown> | undefined;
    await browser.storage.local.set({ settings: { ...(stored ?? {}), version: 1, theme: value } });
  }, theme);
}

/** Wait until `page` shows `theme` (pages follow the setting as it changes). */
const themed = (page: Page, theme: string) => page.waitForFunction((t: string) => document.documentElement.dataset.theme === t, {}, theme);

let session: ReaderSession | undefined;
beforeAll(async () => {
  session = await startReaderSession();
  ({ hearth, fixtures, options } = session);
  await loadScriptedEngine(options, ["A short answer with **bold** text and a [link](https://example.org/).", "The council has finished the flood barrier."]);
});
afterAll(async () => session?.close());

describe.each(["light", "dark"] as const)("accessibility in the %s theme", (theme) => {
  beforeAll(() => setTheme(theme));

  it.each([
    ["options/index.html", "#settings-form"],
    ["options/index.html#onboarding", "#onboarding-download"],
    ["popup/index.html", "#tg-suggest"],
    ["sidebar/index.html#summary", "#summary-page"],
  ])("%s passes", async (path, ready) => {
    const page = await hearth.openExtensionPage(path, ready);
    await themed(page, theme);
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it("the chat with a conversation passes", async () => {
    const chat = await openChat(hearth);
    await themed(chat, theme);
    if (theme === "light") {
      await send(chat, "Hello");
      await settled(chat, 1);
    }
    expect(await violations(chat)).toEqual([]);
    await chat.close();
  });

  it("the reader with a simplified article passes", async () => {
    const reader = await openReader(hearth, options, fixtures.url("/reader-article.html"));
    await themed(reader, theme);
    await waitForPhase(reader, ["done", "error"]);
    expect(await violations(reader)).toEqual([]);
    await reader.close();
  });
});
