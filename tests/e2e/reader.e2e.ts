/**
 * Simplify (reader view) end to end in Firefox with the scripted engine: the reader page reads a fixture article
 * through the tab's content script and rewrites it paragraph by paragraph (exact texts, links and images from the
 * original, per-block toggle, failures kept as originals and marked, "Explain this", level change, Stop), and shows
 * images only as copies the page gives on request. reader-pages.e2e.ts covers opening, fallback, comfort, a long
 * article and the real engine.
 */
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FixtureServer } from "./fixture-server";
import { type HearthBrowser } from "./harness";
import { itemWith, openReader, ORIGINAL, type ReaderSession, readItems, simplifiable, startReaderSession, waitForPhase } from "./reader-helpers";
import { loadScriptedEngine } from "./tiny-model";

const SIMPLE = {
  finished: "Wendmouth has finished its flood barrier. Twelve steel gates now lie on the river bed. This is in the council's final report.",
  cost: "Die Sperre hat viel Geld gekostet, und das Geld kam von dem Staat und von den Firmen an dem Fluss.",
  list: [
    "1. The river gauge at Fennbridge shows more than 2.4 metres two times.",
    "2. The regional forecast says more rain will come soon.",
    "3. The engineer checks both readings.",
  ],
  old: "The old wooden flood boards will go to the town museum. They remind people of the floods of 1998 and 2007.",
};
const VERY_SIMPLE = [
  "The town has new river gates. See the council's final report.",
  "The gates cost a lot of money.",
  "The gates lie flat. They go up when the water is high.",
  "1. The water is high at Fennbridge.\n2. The regional forecast says rain.\n3. An engineer checks.",
  "The old boards go to the museum.",
];
const EXPLANATION = "Air that is pressed into a small space, so it pushes hard.";

let hearth: HearthBrowser;
let fixtures: FixtureServer;
let otherSite: FixtureServer;
let options: Page;

let session: ReaderSession | undefined;
beforeAll(async () => {
  session = await startReaderSession();
  ({ hearth, fixtures, otherSite, options } = session);
});
afterAll(async () => session?.close());

describe("the reader view with the scripted engine", () => {
  let reader: Page;

  beforeAll(async () => {
    const replies = [SIMPLE.finished, SIMPLE.cost, "", SIMPLE.list.join("\n"), `Sure! Here is the simplified text:\n\n${SIMPLE.old}`, EXPLANATION, ...VERY_SIMPLE];
    await loadScriptedEngine(options, replies);
    reader = await openReader(hearth, options, fixtures.url("/reader-article.html"));
    await waitForPhase(reader, ["done"]);
  });

  it("shows the article's title, byline, structure, links and images, and rewrites each paragraph in place", async () => {
    expect(await reader.$eval("#title", (h1) => h1.textContent)).toBe("River gates keep Wendmouth dry");
    expect(await reader.$eval("#site", (p) => p.textContent)).toBe("The Wendmouth Gazette");
    expect(await reader.title()).toContain("River gates keep Wendmouth dry");
    const items = await readItems(reader);
    expect(items.filter((item) => item.kind === "heading").map((item) => item.text)).toEqual(["How the gates work"]);
    expect(simplifiable(items).map((item) => item.kind)).toEqual(["paragraph", "paragraph", "paragraph", "list", "paragraph"]);

    const finished = itemWith(items, "Twelve steel gates now lie");
    expect(finished).toMatchObject({ state: "simplified", showing: "simplified", text: SIMPLE.finished, toggle: "Show original" });
    // The link comes from the original article, placed where its words still occur in the rewrite.
    expect(finished.links).toEqual([{ text: "council's final report", href: "https://council.example/flood-report" }]);

    const list = itemWith(items, "The river gauge at Fennbridge");
    expect(list.state).toBe("simplified");
    expect(list.text.split("\n")).toEqual(SIMPLE.list.map((line) => line.slice(3)));
    expect(list.links).toEqual([{ text: "regional forecast", href: "https://weather.example/wend" }]);
    // The chatter around the answer is gone.
    expect(itemWith(items, "flood boards will go").text).toBe(SIMPLE.old);
  });

  it("keeps and marks the original where the model answered in another language or with nothing", async () => {
    const items = await readItems(reader);
    const cost = itemWith(items, "forty-one million euros");
    expect(cost).toMatchObject({ state: "failed", failure: "other-language", showing: "original", toggle: null });
    expect(cost.note).toMatch(/another language/);
    const how = itemWith(items, "compressed air");
    expect(how).toMatchObject({ state: "failed", failure: "empty", text: ORIGINAL.how });
    expect(await reader.$eval("#reader-status", (p) => p.textContent)).toBe("Done: 3 simplified, 2 kept as they were.");
    expect(await reader.$("#reader-error:not([hidden])")).toBeNull();
  });

  it("flips one paragraph between simplified and original, by click and by keyboard", async () => {
    const id = itemWith(await readItems(reader), "Twelve steel gates now lie").id;
    const toggle = `.reader-item[data-block-id="${id}"] .reader-toggle`;
    await reader.click(toggle);
    let items = await readItems(reader);
    expect(items.find((item) => item.id === id)).toMatchObject({ showing: "original", text: ORIGINAL.finished, toggle: "Show simplified" });
    expect(items.find((item) => item.id === id)?.links).toEqual([{ text: "council's final report", href: "https://council.example/flood-report" }]);
    // Only that paragraph changed.
    expect(itemWith(items, "flood boards will go").showing).toBe("simplified");
    await reader.focus(toggle);
    await reader.keyboard.press("Enter");
    items = await readItems(reader);
    expect(items.find((item) => item.id === id)).toMatchObject({ showing: "simplified", text: SIMPLE.finished });
  });

  it("shows no image from the web: placeholders with alt text, and a copy from the page only on request", async () => {
    expect(await reader.$$eval("img", (images) => images.length)).toBe(0);
    expect(await reader.$$eval(".reader-image-alt", (alts) => alts.map((alt) => alt.textContent))).toEqual([
      "Image: The raised gates at dusk",
      "Image: Old flood boards stacked on the quay",
    ]);
    expect(await reader.$eval("#images-note", (note) => (note as HTMLElement).hidden)).toBe(false);
    const photoRequests = () => fixtures.requests.filter((request) => request.path === "/reader-photo.png").length;
    const before = photoRequests();

    await reader.click(".reader-image[data-src$='/reader-photo.png'] .reader-image-show");
    await reader.waitForSelector("img.reader-image-shown");
    const shown = await reader.$eval("img.reader-image-shown", (img) => ({ src: (img as HTMLImageElement).src, alt: (img as HTMLImageElement).alt, width: (img as HTMLImageElement).naturalWidth }));
    expect(shown.src).toMatch(/^data:image\//);
    expect(shown).toMatchObject({ alt: "The raised gates at dusk", width: 64 });

    // Another site's image cannot be copied from the page (the canvas is tainted): said plainly, with a link.
    await reader.click(".reader-image[data-src*='/boards.png'] .reader-image-show");
    await reader.waitForSelector(".reader-image-note");
    const note = await reader.$eval(".reader-image-note", (element) => ({ text: element.textContent, href: element.querySelector("a")?.getAttribute("href") }));
    expect(note.text).toMatch(/another site/);
    expect(note.href).toBe(`${otherSite.origin}/boards.png`);
    // Neither the reader nor the copy fetched anything: the only requests are the page's own.
    expect(photoRequests()).toBe(before);
    expect(otherSite.requests.filter((request) => request.path === "/boards.png")).toHaveLength(1);
  });

  it("explains a selected phrase in a popover", async () => {
    await reader.evaluate(() => {
      const paragraph = Array.from(document.querySelectorAll(".reader-block p")).find((p) => p.textContent?.includes("compressed air"));
      const text = paragraph?.firstChild as Text;
      const start = text.data.indexOf("compressed air");
      const range = document.createRange();
      range.setStart(text, start);
      range.setEnd(text, start + "compressed air".length);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    });
    await reader.waitForSelector("#explain-button:not([hidden])");
    await reader.click("#explain-button");
    await reader.waitForSelector("#explain-text[data-state=done]");
    expect(await reader.$eval("#explain-selection", (p) => p.textContent)).toBe("compressed air");
    expect(await reader.$eval("#explain-text", (p) => p.textContent)).toBe(EXPLANATION);
    await reader.keyboard.press("Escape");
    expect(await reader.$eval("#explain-popover", (popover) => (popover as HTMLElement).hidden)).toBe(true);
  });

  it("re-simplifies at another level, and shows the first level's rewrites again without asking the model", async () => {
    await reader.click("input[name=level][value=very-simple]");
    await waitForPhase(reader, ["done"]);
    let items = simplifiable(await readItems(reader));
    expect(items.map((item) => item.state)).toEqual(["simplified", "simplified", "simplified", "simplified", "simplified"]);
    expect(items.map((item) => item.text)).toEqual(VERY_SIMPLE.map((text) => text.replace(/^\d\. /gm, "")));
    expect(items[0]?.links).toEqual([{ text: "council's final report", href: "https://council.example/flood-report" }]);

    await reader.click("input[name=level][value=simple]");
    await waitForPhase(reader, ["done"]);
    items = simplifiable(await readItems(reader));
    expect(items.map((item) => [item.state, item.failure])).toEqual([["simplified", null], ["failed", "other-language"], ["failed", "empty"], ["simplified", null], ["simplified", null]]);
    expect(items[0]?.text).toBe(SIMPLE.finished);
  });

  it("stops at once, keeps the original of the paragraph in flight, and continues on request", async () => {
    // Slow, long answers, so there is time to press Stop mid-paragraph.
    const slow = Array.from({ length: 6 }, () => "The council has built new gates on the river and they keep the water out of the town when it rises.");
    await loadScriptedEngine(options, slow, 150);
    await reader.click("input[name=level][value=plain]");
    await reader.waitForFunction(() => document.querySelector(".reader-item[data-state=pending] .reader-block")?.textContent?.startsWith("The council has"), { timeout: 10_000 });
    await reader.click("#stop");
    await waitForPhase(reader, ["stopped"]);
    const stoppedAt = await readItems(reader);
    expect(stoppedAt.filter((item) => item.state === "pending")).toHaveLength(0);
    expect(itemWith(stoppedAt, "The town council of Wendmouth").text).toBe(ORIGINAL.finished);
    expect(await reader.$eval("#stop", (button) => button.textContent)).toBe("Continue");
    await new Promise((done) => setTimeout(done, 600));
    expect(await readItems(reader)).toEqual(stoppedAt);

    await reader.click("#stop");
    await reader.waitForSelector(".reader-item[data-state=pending]");
    await reader.click("#stop");
    await waitForPhase(reader, ["stopped"]);
  });
});
