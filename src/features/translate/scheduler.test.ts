// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SegmentCache } from "./cache";
import { loadArticle } from "../../../tests/fixtures/translate/page-fixtures";
import { PageTranslation, type PageTranslationOptions, type PageTranslationState } from "./scheduler";
import type { SegmentTranslator, TranslatedSegment, TranslateBatchOptions } from "./segment-translator";

// Upper-cases the words and keeps every placeholder, so a translated page is easy to recognise.
function shout(segment: string): string {
  return segment.replace(/(<[^>]*>|&\w+;)|([^<&]+)/g, (_m, tag?: string, text?: string) => tag ?? (text ?? "").toUpperCase());
}

class FakeTranslator implements SegmentTranslator {
  readonly batches: string[][] = [];
  readonly signals: AbortSignal[] = [];
  /** When set, each batch waits for this before answering. */
  gate: Promise<void> | null = null;
  /** Segments (by source) the fake leaves out of its answer. */
  readonly skip = new Set<string>();
  supports(): boolean {
    return true;
  }
  async *translateBatch(segments: readonly string[], options: TranslateBatchOptions): AsyncGenerator<TranslatedSegment> {
    this.batches.push([...segments]);
    if (options.signal) this.signals.push(options.signal);
    if (this.gate) await this.gate;
    if (options.signal?.aborted) throw options.signal.reason;
    for (let index = 0; index < segments.length; index += 1) {
      const segment = segments[index] ?? "";
      if (!this.skip.has(segment)) yield { index, text: shout(segment) };
    }
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function options(translator: SegmentTranslator, extra: Partial<PageTranslationOptions> = {}): PageTranslationOptions {
  return {
    root: document,
    from: "en",
    to: "de",
    modelId: "test-model",
    translator,
    isVisible: () => false,
    limits: { tokenBudget: 40, countTokens: (text) => Math.ceil(text.length / 4), overheadPerSegment: 2 },
    scheduleWrite: (flush) => queueMicrotask(flush),
    yieldToPage: () => Promise.resolve(),
    ...extra,
  };
}

// Every page translation made by a test, stopped afterwards so its follower cannot react to the next test's page.
const live: PageTranslation[] = [];
function create(pageOptions: PageTranslationOptions): PageTranslation {
  const page = new PageTranslation(pageOptions);
  live.push(page);
  return page;
}

describe("PageTranslation", () => {
  beforeEach(() => {
    document.body.innerHTML = "";
  });
  afterEach(() => {
    for (const page of live.splice(0, live.length)) page.stop();
  });

  it("translates the article visible-first in budgeted batches, then restores the identical page", async () => {
    const main = loadArticle(document);
    const before = main.outerHTML;
    const translator = new FakeTranslator();
    const visible = (element: Element) => element.closest("#list") !== null || element.id === "p2";
    const states: PageTranslationState[] = [];
    const page = create(options(translator, { isVisible: visible, onState: (s) => states.push(s) }));

    await page.start();

    expect(translator.batches[0]?.slice(0, 3)).toEqual([
      "Prices rose by 12%, says <g1>ONS</g1>; run <x2/> to check.",
      "First item",
      "Second <b1>bold</b1> item",
    ]);
    for (const batch of translator.batches) {
      const tokens = batch.reduce((sum, source) => sum + Math.ceil(source.length / 4) + 2, 0);
      if (batch.length > 1) expect(tokens).toBeLessThanOrEqual(40);
    }
    expect(translator.batches.length).toBeGreaterThan(2);
    expect(document.getElementById("p1")?.textContent).toBe("READ THE FULL ANNUAL REPORT BEFORE FRIDAY.THEN WRITE TO US.");
    expect(document.getElementById("photo")?.getAttribute("alt")).toBe("A RIVER AT DAWN");
    expect(document.getElementById("host")?.shadowRoot?.textContent).toBe("SHADOW WORDS HERE");
    expect(document.querySelector(".notranslate")?.textContent).toBe("Brand Name Stays");
    expect(states.at(-1)).toMatchObject({ phase: "done", progress: { total: 16, written: 16, failed: 0 } });

    await page.restoreOriginal();
    expect(main.outerHTML).toBe(before);
    expect(page.state.phase).toBe("stopped");
  });

  it("translates the same page again from the cache without asking the translator", async () => {
    const cache = new SegmentCache();
    loadArticle(document);
    const first = new FakeTranslator();
    const run1 = create(options(first, { cache }));
    await run1.start();
    await run1.restoreOriginal();

    const second = new FakeTranslator();
    const run2 = create(options(second, { cache }));
    await run2.start();
    expect(second.batches).toEqual([]);
    expect(document.getElementById("p1")?.textContent).toBe("READ THE FULL ANNUAL REPORT BEFORE FRIDAY.THEN WRITE TO US.");
    expect(run2.state).toMatchObject({ phase: "done", progress: { fromCache: 16 } });
    run2.stop();
  });

  it("follows content the page adds and ignores its own writes", async () => {
    document.body.innerHTML = `<div id="feed"><p id="one">First post</p></div>`;
    const translator = new FakeTranslator();
    const page = create(options(translator));
    await page.start();
    await tick();
    await page.whenIdle();
    expect(translator.batches).toEqual([["First post"]]);

    const post = document.createElement("p");
    post.append("Second post with ");
    const link = document.createElement("a");
    link.href = "/more";
    link.append("a link");
    post.append(link);
    document.getElementById("feed")?.append(post);
    document.getElementById("one")?.append(" and more");
    await tick();
    await page.whenIdle();
    await tick();
    await page.whenIdle();

    expect(post.innerHTML).toBe(`SECOND POST WITH <a href="/more">A LINK</a>`);
    expect(document.getElementById("one")?.textContent).toBe("FIRST POST AND MORE");
    expect(translator.batches.flat().sort()).toEqual(["FIRST POST and more", "First post", "Second post with <a1>a link</a1>"]);
    page.stop();
  });

  it("translates a readable attribute the page sets later", async () => {
    document.body.innerHTML = `<p><button id="b">Send</button></p>`;
    const page = create(options(new FakeTranslator()));
    await page.start();
    document.getElementById("b")?.setAttribute("title", "Send the message");
    await tick();
    await page.whenIdle();
    expect(document.getElementById("b")?.getAttribute("title")).toBe("SEND THE MESSAGE");
    page.stop();
  });

  it("writes only in scheduled frames, many units per frame", async () => {
    document.body.innerHTML = `<p id="a">Alpha words</p><p id="b">Beta words</p><p id="c">Gamma words</p>`;
    const frames: Array<() => void> = [];
    const page = create(options(new FakeTranslator(), { scheduleWrite: (flush) => void frames.push(flush), follow: false }));
    const started = page.start();
    await tick();
    expect(document.getElementById("a")?.textContent).toBe("Alpha words");
    expect(frames).toHaveLength(1);
    frames[0]?.();
    await started;
    expect(document.body.textContent).toBe("ALPHA WORDSBETA WORDSGAMMA WORDS");
    expect(frames).toHaveLength(1);
  });

  it("restores a big page a frame's budget at a time, resolving once it is all back", async () => {
    document.body.innerHTML = [...Array(6)].map((_, i) => `<p id="p${i}">Paragraph number ${i}</p>`).join("");
    const before = document.body.innerHTML;
    const frames: Array<() => void> = [];
    let clock = 0;
    // Every write takes 3 ms on this clock, so a frame's 8 ms budget holds three of them.
    const page = create(options(new FakeTranslator(), { scheduleWrite: (flush) => void frames.push(flush), follow: false, now: () => (clock += 1.5) }));
    const started = page.start();
    while (document.body.textContent !== "PARAGRAPH NUMBER 0PARAGRAPH NUMBER 1PARAGRAPH NUMBER 2PARAGRAPH NUMBER 3PARAGRAPH NUMBER 4PARAGRAPH NUMBER 5") {
      await tick();
      frames.shift()?.();
    }
    await started;

    let restored = false;
    const restoring = page.restoreOriginal().then(() => (restored = true));
    expect(page.restoreOriginal()).toBe(page.restoreOriginal());
    frames.shift()?.();
    await tick();
    // Newest first: the last paragraphs are back, the first are still translated.
    expect(document.getElementById("p5")?.textContent).toBe("Paragraph number 5");
    expect(document.getElementById("p0")?.textContent).toBe("PARAGRAPH NUMBER 0");
    expect(restored).toBe(false);
    while (frames.length > 0) {
      frames.shift()?.();
      await tick();
    }
    await restoring;
    expect(document.body.innerHTML).toBe(before);
  });

  it("restores at once when told to (a hidden tab gets no frames), even a restore already under way", async () => {
    document.body.innerHTML = [...Array(4)].map((_, i) => `<p>Paragraph number ${i}</p>`).join("");
    const before = document.body.innerHTML;
    const frames: Array<() => void> = [];
    const page = create(options(new FakeTranslator(), { scheduleWrite: (flush) => void frames.push(flush), follow: false }));
    const started = page.start();
    while (!document.body.textContent?.includes("PARAGRAPH NUMBER 3")) {
      await tick();
      frames.shift()?.();
    }
    await started;
    const restoring = page.restoreOriginal();
    expect(document.body.innerHTML).not.toBe(before);
    // No frame runs from here on: the immediate call finishes the restore the first call began.
    expect(page.restoreOriginal({ immediate: true })).toBe(restoring);
    expect(document.body.innerHTML).toBe(before);
    await restoring;
  });

  it("drops a translation the page overtook and translates the page's new text instead", async () => {
    document.body.innerHTML = `<p id="a">Old text</p>`;
    const frames: Array<() => void> = [];
    const translator = new FakeTranslator();
    const page = create(options(translator, { scheduleWrite: (flush) => void frames.push(flush) }));
    const started = page.start();
    await tick();
    const paragraph = document.getElementById("a");
    if (paragraph?.firstChild) (paragraph.firstChild as Text).data = "New text";
    frames.shift()?.();
    expect(paragraph?.textContent).toBe("New text");
    await tick();
    frames.shift()?.();
    await started;
    expect(paragraph?.textContent).toBe("NEW TEXT");
    expect(translator.batches).toEqual([["Old text"], ["New text"]]);
    page.stop();
  });

  it("pauses between batches and resumes where it left off", async () => {
    document.body.innerHTML = `<p>One long paragraph of words</p><p>Two long paragraph of words</p><p>Three long paragraph of words</p>`;
    const translator = new FakeTranslator();
    const gate = deferred();
    translator.gate = gate.promise;
    const page = create(options(translator, { limits: { tokenBudget: 5, countTokens: () => 5, overheadPerSegment: 0 } }));
    const started = page.start();
    await tick();
    expect(translator.batches).toHaveLength(1);
    page.pause();
    expect(page.state.phase).toBe("paused");
    gate.resolve();
    await tick();
    await tick();
    expect(translator.batches).toHaveLength(1);
    expect(document.body.textContent).toContain("ONE LONG PARAGRAPH");
    page.resume();
    await started;
    expect(translator.batches).toHaveLength(3);
    expect(document.body.textContent).toBe("ONE LONG PARAGRAPH OF WORDSTWO LONG PARAGRAPH OF WORDSTHREE LONG PARAGRAPH OF WORDS");
  });

  it("re-orders what is still queued when the reader scrolls", async () => {
    document.body.innerHTML = `<p id="a">Alpha words</p><p id="b">Beta words</p><p id="c">Gamma words</p><p id="d">Delta words</p>`;
    const translator = new FakeTranslator();
    const gate = deferred();
    translator.gate = gate.promise;
    let visibleId = "a";
    const page = create(options(translator, {
      isVisible: (element) => element.id === visibleId,
      limits: { tokenBudget: 1, countTokens: () => 1, overheadPerSegment: 0 },
    }));
    const started = page.start();
    await tick();
    visibleId = "d";
    page.reprioritize();
    translator.gate = null;
    gate.resolve();
    await started;
    expect(translator.batches).toEqual([["Alpha words"], ["Delta words"], ["Beta words"], ["Gamma words"]]);
  });

  it("stop aborts the batch in flight, drops queued work and stops following", async () => {
    document.body.innerHTML = `<p id="a">First words</p><p id="b">Second words</p>`;
    const translator = new FakeTranslator();
    const gate = deferred();
    translator.gate = gate.promise;
    const page = create(options(translator, { limits: { tokenBudget: 1, countTokens: () => 1, overheadPerSegment: 0 } }));
    const started = page.start();
    await tick();
    page.stop();
    expect(translator.signals[0]?.aborted).toBe(true);
    gate.resolve();
    await started;
    document.body.append("Late text");
    await tick();
    expect(translator.batches).toEqual([["First words"]]);
    expect(document.body.textContent).toBe("First wordsSecond wordsLate text");
    expect(page.state.phase).toBe("stopped");
  });

  it("reports segments left untranslated and leaves them as they were", async () => {
    document.body.innerHTML = `<p id="a">Keep going</p><p id="b">Skipped one</p>`;
    const translator = new FakeTranslator();
    translator.skip.add("Skipped one");
    const untranslated: string[][] = [];
    const page = create(options(translator, { onUntranslated: (sources) => untranslated.push([...sources]) }));
    await page.start();
    expect(untranslated).toEqual([["Skipped one"]]);
    expect(document.getElementById("a")?.textContent).toBe("KEEP GOING");
    expect(document.getElementById("b")?.textContent).toBe("Skipped one");
    expect(page.state).toMatchObject({ phase: "done", progress: { written: 1, failed: 1 } });
    page.stop();
  });

  it("ends in the error state when the translator fails", async () => {
    document.body.innerHTML = `<p>Some words</p>`;
    const failing: SegmentTranslator = {
      supports: () => true,
      translateBatch: () => ({
        [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error("engine crashed")) }),
      }),
    };
    const page = create(options(failing));
    await page.start();
    expect(page.state).toMatchObject({ phase: "error", error: { message: "engine crashed" } });
  });
});
