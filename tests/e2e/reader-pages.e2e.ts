/**
 * The reader view in Firefox, beyond one article: "reader/open" opens it next to its tab, a page Readability cannot
 * parse is offered as its visible text, reading comfort is remembered, a long article is rewritten only as far as it
 * is read, and the whole pipeline runs on the real engine with the tiny generated model.
 */
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TINY_SHAPE } from "../fixtures/models/tiny-shape";
import type { FixtureServer } from "./fixture-server";
import { EXTENSION_ORIGIN, inExtension, type HearthBrowser } from "./harness";
import { openReader, ORIGINAL, ORIGINAL_HREFS, type ReaderSession, readItems, simplifiable, startReaderSession, waitForPhase } from "./reader-helpers";
import { tabIdOf } from "./summarize-helpers";
import { loadRealModel, loadScriptedEngine, serveTinyModel } from "./tiny-model";
import { requestIn } from "./wire";

let hearth: HearthBrowser;
let fixtures: FixtureServer;
let options: Page;

let session: ReaderSession | undefined;
beforeAll(async () => {
  session = await startReaderSession();
  ({ hearth, fixtures, options } = session);
});
afterAll(async () => session?.close());

describe("opening and reading comfort", () => {
  it("says when no model is ready, offers the settings, and goes on once one is", async () => {
    const reader = await openReader(hearth, options, fixtures.url("/reader-article.html"));
    await waitForPhase(reader, ["error"]);
    expect(await reader.$eval("#reader-error-text", (p) => p.textContent)).toMatch(/No model is ready/);
    expect(await reader.$eval("#reader-error-settings", (button) => (button as HTMLElement).hidden)).toBe(false);
    expect(simplifiable(await readItems(reader)).map((item) => item.state)).toEqual(["original", "original", "original", "original", "original"]);
    await loadScriptedEngine(options, ["The council has finished the flood barrier."]);
    await reader.click("#reader-error-retry");
    await waitForPhase(reader, ["done"]);
    expect(await reader.$("#reader-error:not([hidden])")).toBeNull();
    // The rewrite dropped the link's words: the original's link is listed after it.
    expect(simplifiable(await readItems(reader))[0]).toMatchObject({
      state: "simplified",
      text: "The council has finished the flood barrier.\nLinks from the original: council's final report",
      links: [{ text: "council's final report", href: "https://council.example/flood-report" }],
    });
    await reader.close();
  });

  it("opens the reader next to the tab through the background", async () => {
    const article = await hearth.openPage(fixtures.url("/reader-article.html"));
    const tabId = await tabIdOf(options, article.url());
    const reply = await requestIn<{ readerTabId: number }>(options, "reader/open", { tabId });
    expect(reply.ok, JSON.stringify(reply.error)).toBe(true);
    const tabs = await inExtension(options, async (source: number, opened: number) => {
      const [from, to] = await Promise.all([browser.tabs.get(source), browser.tabs.get(opened)]);
      await browser.tabs.remove(opened);
      return { fromIndex: from.index, toIndex: to.index, url: to.url, opener: to.openerTabId };
    }, tabId, reply.value?.readerTabId ?? -1);
    expect(tabs).toEqual({ fromIndex: tabs.fromIndex, toIndex: tabs.fromIndex + 1, url: `${EXTENSION_ORIGIN}/reader/index.html?tab=${tabId}`, opener: tabId });
    expect(await requestIn(options, "reader/open", { tabId: 999_999 })).toMatchObject({ ok: false, error: { name: "ValidationError" } });
  });

  it("offers a page's visible text when Readability finds no article", async () => {
    await loadScriptedEngine(options, ["Boats go every hour from seven.", "1. The last boat leaves at ten.\n2. Bikes go free."]);
    const reader = await openReader(hearth, options, fixtures.url("/reader-fallback.html"));
    expect(await reader.evaluate(() => document.body.dataset.simplify)).toBe("fallback");
    expect(await reader.$eval("#fallback", (box) => (box as HTMLElement).hidden)).toBe(false);
    expect(await readItems(reader)).toEqual([]);
    await reader.click("#fallback-show");
    await waitForPhase(reader, ["done", "idle"]);
    const items = await readItems(reader);
    expect(items.map((item) => [item.kind, item.state, item.text])).toEqual([
      ["heading", "original", "Ferry times"],
      ["paragraph", "simplified", "Boats go every hour from seven."],
      ["list", "simplified", "The last boat leaves at ten.\nBikes go free."],
    ]);
    // The original is the page's visible text.
    await reader.click(".reader-item .reader-toggle:not([hidden])");
    expect((await readItems(reader))[1]?.text).toBe("Boats leave the quay every hour from seven.");
    await reader.close();
  });

  it("remembers text size, colours and the level in storage.local", async () => {
    await loadScriptedEngine(options, []);
    const reader = await openReader(hearth, options, fixtures.url("/reader-fallback.html"));
    await reader.click("#comfort-toggle");
    await reader.click("#font-larger");
    await reader.click("input[name=theme][value=sepia]");
    await reader.click("input[name=lineWidth][value=narrow]");
    await reader.click("#fallback-show");
    await reader.click("input[name=level][value=very-simple]");
    expect(await reader.evaluate(() => [document.documentElement.style.getPropertyValue("--reader-font-size"), document.documentElement.dataset.readerTheme])).toEqual(["22px", "sepia"]);
    // Saving is not awaited by the click: wait for storage to catch up.
    await vi.waitFor(async () => {
      const stored = await inExtension(reader, async () => (await browser.storage.local.get("reader")).reader);
      expect(stored).toMatchObject({ fontSize: 22, theme: "sepia", lineWidth: "narrow", level: "very-simple" });
    });
    await reader.close();
    const again = await openReader(hearth, options, fixtures.url("/reader-fallback.html"));
    expect(await again.evaluate(() => [document.documentElement.style.getPropertyValue("--reader-line-width"), document.documentElement.dataset.readerTheme])).toEqual(["32", "sepia"]);
    expect(await again.$eval("#font-size-value", (output) => output.textContent)).toBe("22 px");
    await again.click("#fallback-show");
    expect(await again.$eval("input[name=level]:checked", (input) => (input as HTMLInputElement).value)).toBe("very-simple");
    await inExtension(again, () => browser.storage.local.remove("reader"));
    await again.close();
  });
});

describe("a long article", () => {
  it("is rewritten only as far as it is read, and a level change starts from the reading position", async () => {
    await loadScriptedEngine(options, Array.from({ length: 60 }, () => "A short chapter about the river and the town."));
    const reader = await openReader(hearth, options, fixtures.url("/reader-long.html"), { width: 1000, height: 700 });
    await waitForPhase(reader, ["idle"]);
    const states = async () => simplifiable(await readItems(reader)).map((item) => item.state);
    const first = await states();
    expect(first).toHaveLength(40);
    const done = first.filter((state) => state === "simplified").length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(20);
    expect(first.at(-1)).toBe("original");

    await reader.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await reader.waitForFunction(() => document.querySelector(".reader-item:last-child")?.getAttribute("data-state") === "simplified", { timeout: 20_000 });
    await waitForPhase(reader, ["idle"]);
    const afterScroll = await states();
    expect(afterScroll.filter((state) => state === "original").length).toBeGreaterThan(10);

    await reader.click("input[name=level][value=very-simple]");
    await reader.waitForFunction(() => document.querySelector(".reader-item:last-child")?.getAttribute("data-state") === "simplified", { timeout: 20_000 });
    await waitForPhase(reader, ["idle"]);
    const atNewLevel = await states();
    // From the reading position (the end), not from the top.
    expect(atNewLevel[0]).toBe("original");
    expect(atNewLevel.filter((state) => state === "simplified").length).toBeLessThan(20);
    await reader.close();
  });
});

describe("the reader view with the real engine on the tiny model", () => {
  it("runs every paragraph through the model and parser without an error, keeping originals it rejects", async () => {
    // One token per byte: a context of 2048 holds a paragraph's prompt and its answer.
    const { url } = serveTinyModel(fixtures, "/models/reader-tiny.gguf", { shape: { ...TINY_SHAPE, context: 2048 } });
    expect(await loadRealModel(options, url, "cpu")).toMatchObject({ backend: "wllama" });
    const reader = await openReader(hearth, options, fixtures.url("/reader-article.html"));
    await waitForPhase(reader, ["done", "error"], 120_000);
    expect(await reader.$("#reader-error:not([hidden])")).toBeNull();
    const items = simplifiable(await readItems(reader));
    expect(items).toHaveLength(5);
    for (const item of items) {
      expect(["simplified", "failed"]).toContain(item.state);
      // A rejected answer leaves the original exactly as it was, marked with the reason.
      if (item.state === "failed") {
        expect(item.showing).toBe("original");
        expect(Object.values(ORIGINAL)).toContain(item.text);
        expect(item.note).not.toBe("");
      }
      // Whatever the model wrote, links come only from the original article.
      for (const link of item.links) expect(ORIGINAL_HREFS).toContain(link.href);
    }

    // "Explain this" through the real engine ends with an answer or a plain refusal, never an error.
    await reader.evaluate(() => {
      const paragraph = document.querySelector(".reader-item[data-kind=paragraph] .reader-block p, .reader-block p");
      const range = document.createRange();
      range.selectNodeContents(paragraph?.firstChild as Text);
      range.setEnd(paragraph?.firstChild as Text, 20);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    });
    await reader.waitForSelector("#explain-button:not([hidden])");
    await reader.click("#explain-button");
    await reader.waitForSelector("#explain-text:is([data-state=done], [data-state=empty], [data-state=rejected])", { timeout: 60_000 });
    await reader.close();
  }, 180_000);
});
