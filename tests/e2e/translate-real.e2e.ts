/**
 * Translate on the REAL engine: wllama running the generated tiny model, whose output is random printable ASCII.
 * Nothing about the text can be asserted; what is asserted is that the whole pipeline runs to its end without an
 * error: numbered-line parsing that finds no lines, the one-by-one retries, placeholder validation that fails and
 * the plain-text fallback, an exact restore of the page, and translating it again.
 */
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TINY_SHAPE } from "../fixtures/models/tiny-shape";
import { startFixtureServer, type FixtureServer } from "./fixture-server";
import { loadRealModel, serveTinyModel } from "./tiny-model";
import { BAR, PANEL, startSession, statusOf, waitForPhase, type HookWindow, type TranslateSession } from "./translate-ui";

let fixtures: FixtureServer;
let session: TranslateSession;
let modelUrl: string;

beforeAll(async () => {
  fixtures = await startFixtureServer();
  // The tiny model's byte vocabulary spends a token per character, so give it room for a real prompt.
  modelUrl = serveTinyModel(fixtures, "/models/tiny-2k.gguf", { shape: { ...TINY_SHAPE, context: 2048 } }).url;
  session = await startSession(fixtures);
});
afterAll(async () => {
  await session?.hearth.close();
  await fixtures?.close();
});

const ENDS = ["done", "error", "stopped"];
// The tiny model is quick (over 1,000 tokens a second), but the machine may be busy.
const LONG = 120_000;

describe("translate on the real engine (tiny model)", () => {
  it("loads the tiny model", async () => {
    const info = await loadRealModel(session.ext, modelUrl, "cpu");
    expect(info).toMatchObject({ backend: "wllama", contextSize: 2048 });
    await session.setTarget("de");
  });

  it("translates the fixture article in place to the end, then restores the identical page", async () => {
    const { page, tabId } = await session.openInFront("/translate-article.html");
    await page.setViewport({ width: 1200, height: 3000 });
    await page.evaluate(() => {
      (window as unknown as { __before: string }).__before = document.body.outerHTML;
    });
    expect(await session.start(tabId, "page")).toEqual({ ok: true, value: { started: true } });
    await waitForPhase(page, BAR, ".bar", ENDS, LONG);
    expect(await phaseOf(page, BAR, ".bar"), (await statusOf(page, BAR)) ?? "").toBe("done");
    // Something was written into the page (random text, mostly through the plain-text fallback).
    const changed = await page.evaluate(() => document.body.outerHTML !== (window as unknown as { __before: string }).__before);
    expect(changed).toBe(true);
    expect(await page.evaluate(() => document.getElementById("p1")?.getAttribute("lang"))).toBe("de");

    await page.evaluate((tag: string) => {
      (window as unknown as HookWindow).__hearthShadowRoot?.(tag)?.querySelector<HTMLButtonElement>("button.original")?.click();
    }, BAR);
    // The page comes back over a few frames; the bar says "original" once all of it is back.
    await waitForPhase(page, BAR, ".bar", ["original"], LONG);
    expect(await page.evaluate(() => document.body.outerHTML === (window as unknown as { __before: string }).__before)).toBe(true);

    // Again: what the cache kept comes back at once, the rest goes through the model again.
    await page.evaluate((tag: string) => {
      (window as unknown as HookWindow).__hearthShadowRoot?.(tag)?.querySelector<HTMLButtonElement>("button.again")?.click();
    }, BAR);
    await waitForPhase(page, BAR, ".bar", ENDS, LONG);
    expect(await phaseOf(page, BAR, ".bar"), (await statusOf(page, BAR)) ?? "").toBe("done");
    await page.close();
  });

  it("translates a selection through the model to the end", async () => {
    const { page, tabId } = await session.openInFront("/translate-selection.html");
    await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById("english") as Node);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    });
    expect(await session.start(tabId, "selection")).toEqual({ ok: true, value: { started: true } });
    await waitForPhase(page, PANEL, ".panel", ENDS, LONG);
    expect({ phase: await phaseOf(page, PANEL, ".panel"), status: await statusOf(page, PANEL) }).toEqual({
      phase: "done",
      status: "Translated from English.",
    });
    const output = await page.evaluate(
      (tag: string) => (window as unknown as HookWindow).__hearthShadowRoot?.(tag)?.querySelector(".output")?.textContent ?? "",
      PANEL,
    );
    expect(output.length).toBeGreaterThan(0);
    await session.setTarget("en");
    await page.close();
  });
});

function phaseOf(page: Page, tag: string, selector: string): Promise<string | null> {
  return page.evaluate(
    (t: string, s: string) => (window as unknown as HookWindow).__hearthShadowRoot?.(t)?.querySelector<HTMLElement>(s)?.dataset.phase ?? null,
    tag,
    selector,
  );
}
