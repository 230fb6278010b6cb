import { describe, expect, it } from "vitest";
import { sampleReport } from "../../../tests/fixtures/pdf/sample-text";
import { approximateCountTokens, approximateTokenCount } from "./approx-tokens";
import type { DocBlock } from "./document";
import { rankSentences, selectPassages, selectRelevantPassages } from "./extractive";

const p = (text: string, page: number): DocBlock => ({ kind: "paragraph", text, sourceRef: { page } });
const h = (text: string, page: number): DocBlock => ({ kind: "heading", text, level: 1, sourceRef: { page } });

const heatPumpArticle: DocBlock[] = [
  h("Heat pumps cut heating bills", 1),
  p("Heat pumps move heat from outside air into the home and use far less electricity than resistance heaters. " +
    "The cafeteria on the third floor reopens on Monday.", 1),
  p("In cold climates, modern heat pumps still heat homes efficiently at minus twenty degrees. " +
    "Installers report that heat pumps paired with good insulation halve heating bills.", 1),
  p("Parking permits for visitors can be collected at the front desk. " +
    "Government grants now cover part of the cost of installing heat pumps in older homes.", 2),
  p("Owners say heat pumps are quiet, and the electricity savings on heating repay the installation within eight years.", 2),
];

const reportBlocks = (pages: number): DocBlock[] =>
  sampleReport(pages).flatMap((page, i) => [
    ...(page.heading ? [h(page.heading, i + 1)] : []),
    ...page.paragraphs.map((text) => p(text, i + 1)),
  ]);

describe("rankSentences", () => {
  it("ranks on-topic sentences above off-topic ones", () => {
    const ranked = rankSentences(heatPumpArticle);
    const score = (fragment: string): number => ranked.find((s) => s.text.includes(fragment))?.score ?? -1;
    for (const offTopic of ["cafeteria", "Parking permits"]) {
      expect(score(offTopic)).toBeLessThan(score("halve heating bills"));
      expect(score(offTopic)).toBeLessThan(score("far less electricity"));
    }
    expect(ranked.map((s) => s.index)).toEqual(ranked.map((_, i) => i));
  });

  it("ranks by relevance to a question in query mode", () => {
    const ranked = rankSentences(heatPumpArticle, { query: "Are there grants for the installation cost?" });
    const best = [...ranked].sort((a, b) => b.score - a.score)[0];
    expect(best?.text).toContain("Government grants");
  });
});

describe("selectPassages", () => {
  it("returns numbered passages in document order within the budget, linked to their pages", async () => {
    const passages = await selectPassages(heatPumpArticle, { budget: 60, countTokens: approximateCountTokens });
    expect(passages.map((x) => x.number)).toEqual(passages.map((_, i) => i + 1));
    const blockOrder = passages.map((x) => x.blockIndex);
    expect(blockOrder).toEqual([...blockOrder].sort((a, b) => a - b));
    const cost = passages.reduce((sum, x) => sum + approximateTokenCount(x.text) + x.sentences.length + 4, 0);
    expect(cost).toBeLessThanOrEqual(60);
    expect(passages.some((x) => x.text.includes("cafeteria"))).toBe(false);
    for (const passage of passages) {
      expect(heatPumpArticle[passage.blockIndex]?.text).toContain(passage.text);
      expect(passage.sourceRef).toEqual(heatPumpArticle[passage.blockIndex]?.sourceRef);
    }
  });

  it("merges adjacent chosen sentences of one block into one passage", async () => {
    const passages = await selectPassages(heatPumpArticle, { budget: 10_000, countTokens: approximateCountTokens });
    const second = passages.find((x) => x.blockIndex === 2);
    expect(second?.sentences).toHaveLength(2);
    expect(second?.text).toBe(heatPumpArticle[2]?.text);
  });

  it("answers a question with the passage that holds the answer", async () => {
    const passages = await selectRelevantPassages(heatPumpArticle, "How long until the savings repay the installation?", {
      budget: 30,
      countTokens: approximateCountTokens,
    });
    expect(passages.map((x) => x.text).join(" ")).toContain("within eight years");
  });

  it("reads a 200-page document under a 2,000-token budget, deterministically and fast", async () => {
    const blocks = reportBlocks(200);
    const documentTokens = blocks.reduce((sum, b) => sum + approximateTokenCount(b.text), 0);
    expect(documentTokens).toBeGreaterThan(50_000);
    const started = performance.now();
    const passages = await selectPassages(blocks, { budget: 2000, countTokens: approximateCountTokens });
    const elapsed = performance.now() - started;
    const again = await selectPassages(blocks, { budget: 2000, countTokens: approximateCountTokens });
    expect(again).toEqual(passages);
    const selected = passages.reduce((sum, x) => sum + approximateTokenCount(x.text), 0);
    expect(selected).toBeLessThanOrEqual(2000);
    expect(selected).toBeGreaterThan(1500);
    // Spread over the document, not just the first pages.
    const pages = new Set(passages.map((x) => x.sourceRef.page ?? 0));
    expect(Math.max(...pages)).toBeGreaterThan(100);
    expect(elapsed).toBeLessThan(2000);
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      selectPassages(heatPumpArticle, { budget: 100, countTokens: approximateCountTokens, signal: controller.signal }),
    ).rejects.toMatchObject({ name: "AbortedError" });
  });
});
