/**
 * Page extraction in real Firefox: the content script reads the article of a fixture page with Readability (on a
 * clone), leaves the page untouched, returns the selection, and scrolls the live page to a block's passage.
 */
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "./fixture-server";
import { launchHearth, type HearthBrowser } from "./harness";
import { contentRequestIn, tabIdOf } from "./summarize-helpers";

interface Block {
  kind: string;
  text: string;
  level?: number;
  sourceRef: { kind: string; index: number };
}
interface Article {
  url: string;
  title: string;
  siteName: string | null;
  lang: string | null;
  html: string;
  blocks: Block[];
  fallback: boolean;
}

let hearth: HearthBrowser;
let fixtures: FixtureServer;
let extensionPage: Page;
let article: Page;
let tabId: number;

beforeAll(async () => {
  fixtures = await startFixtureServer();
  hearth = await launchHearth();
  extensionPage = await hearth.openExtensionPage("options/index.html", "#settings-form");
  article = await hearth.openPage(fixtures.url("/summarize-article.html"));
  tabId = await tabIdOf(extensionPage, article.url());
});
afterAll(async () => {
  await hearth?.close();
  await fixtures?.close();
});

describe("page extraction in Firefox", () => {
  it("returns the article's blocks and metadata, and leaves the live page as it was", async () => {
    const before = await article.evaluate(() => document.documentElement.outerHTML);
    const reply = await contentRequestIn<Article>(extensionPage, tabId, "page/article", {});
    expect(reply.ok, JSON.stringify(reply.error)).toBe(true);
    const value = reply.value as Article;
    expect(value).toMatchObject({ url: article.url(), title: "Harbour town brings its tide mill back to life", siteName: "The Estuary Courier", lang: "en", fallback: false });
    expect(value.blocks.filter((b) => b.kind === "heading").map((b) => b.text)).toEqual(["How a tide mill works", "Flour for the bakery", "What comes next"]);
    expect(value.blocks.filter((b) => b.kind === "list-item")).toHaveLength(2);
    // The CSS-hidden promo and the page chrome are not part of the article.
    expect(value.blocks.map((b) => b.text).join(" ")).not.toMatch(/Subscribe|Most read|All rights reserved/);
    expect(value.html).toContain("wholemeal flour");
    expect(await article.evaluate(() => document.documentElement.outerHTML)).toBe(before);
  });

  it("scrolls the page to a block's passage and marks it, and says when a passage is gone", async () => {
    const value = (await contentRequestIn<Article>(extensionPage, tabId, "page/article", {})).value as Article;
    const last = value.blocks.findIndex((b) => b.text.startsWith('"People told us'));
    await article.evaluate(() => window.scrollTo(0, 0));
    const reply = await contentRequestIn(extensionPage, tabId, "page/scroll-to", { index: last, text: value.blocks[last]?.text.slice(0, 80) });
    expect(reply).toEqual({ ok: true, value: { found: true } });
    await article.waitForFunction(() => {
      const rect = document.getElementById("p-quote")?.getBoundingClientRect();
      return rect !== undefined && window.scrollY > 0 && rect.top >= 0 && rect.bottom <= window.innerHeight;
    }, { polling: 100 });
    expect(await article.evaluate(() => document.querySelectorAll("hearth-passage-mark").length)).toBe(1);
    // The mark goes away by itself.
    await article.waitForFunction(() => document.querySelectorAll("hearth-passage-mark").length === 0, { timeout: 5000, polling: 100 });

    const gone = await contentRequestIn(extensionPage, tabId, "page/scroll-to", { index: 9999, text: "A passage this page never had." });
    expect(gone).toEqual({ ok: true, value: { found: false } });
  });

  it("returns the selected text", async () => {
    await article.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById("p-gates") as HTMLElement);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    });
    const reply = await contentRequestIn<{ text: string }>(extensionPage, tabId, "page/selection", {});
    expect(reply.value?.text).toMatch(/^The old oak sluice gates had rotted away completely/);
  });

  it("refuses a malformed request", async () => {
    const reply = await contentRequestIn(extensionPage, tabId, "page/scroll-to", { index: -1 });
    expect(reply).toMatchObject({ ok: false, error: { name: "ValidationError" } });
  });
});
