import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { chunkDocument, MIN_CHUNK_BUDGET } from "./chunk";
import type { DocBlock } from "./document";
import { approximateCountTokens } from "./approx-tokens";

const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;
/** One token per whitespace-separated word, like a crude tokenizer. */
const countWords = async (text: string): Promise<number> => words(text);
/** Grows faster than the sum of its parts, so packing by summed estimates overflows and must be re-split. */
const countSuperAdditive = async (text: string): Promise<number> => {
  const n = [...text.replace(/\s/g, "")].length;
  return Math.ceil(n / 3) + Math.floor((n * n) / 4000);
};

const paragraph = (text: string, page = 1): DocBlock => ({ kind: "paragraph", text, sourceRef: { page } });
const heading = (text: string, page = 1): DocBlock => ({ kind: "heading", text, level: 1, sourceRef: { page } });
const squash = (text: string): string => text.replace(/\s/g, "");

describe("chunkDocument", () => {
  it("packs whole paragraphs and starts a new chunk at a heading once the chunk is half full", async () => {
    const blocks = [
      heading("Intro"),
      paragraph("one two three four five six"),
      heading("Methods", 2),
      paragraph("seven eight nine ten", 2),
      paragraph("eleven twelve", 3),
    ];
    const chunks = await chunkDocument(blocks, { budget: 12, countTokens: countWords });
    expect(chunks.map((c) => c.text)).toEqual([
      "Intro\n\none two three four five six",
      "Methods\n\nseven eight nine ten\n\neleven twelve",
    ]);
    expect(chunks[1]?.pieces.map((p) => p.sourceRef.page)).toEqual([2, 2, 3]);
    expect(chunks.map((c) => c.tokens)).toEqual([7, 7]);
  });

  it("keeps a heading with the paragraph that follows it", async () => {
    const blocks = [paragraph("a b c d e f g h"), heading("Next"), paragraph("i j k")];
    const chunks = await chunkDocument(blocks, { budget: 10, countTokens: countWords });
    expect(chunks.map((c) => c.text)).toEqual(["a b c d e f g h", "Next\n\ni j k"]);
  });

  it("splits an oversize paragraph at sentences, then words, marking the parts", async () => {
    const long = "Alpha beta gamma. Delta epsilon zeta eta theta iota kappa lambda mu. Nu.";
    const chunks = await chunkDocument([paragraph(long)], { budget: MIN_CHUNK_BUDGET, countTokens: countWords });
    expect(chunks.map((c) => c.text)).toEqual([
      "Alpha beta gamma.",
      "Delta epsilon zeta eta theta iota kappa lambda",
      "mu. Nu.",
    ]);
    expect(chunks.every((c) => c.pieces.every((p) => p.partial))).toBe(true);
  });

  it("cuts text without spaces (CJK) between characters", async () => {
    const cjk = "人工智能".repeat(30);
    const chunks = await chunkDocument([paragraph(cjk)], { budget: 16, countTokens: approximateCountTokens });
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => c.text).join("")).toBe(cjk);
    for (const chunk of chunks) expect(await approximateCountTokens(chunk.text)).toBeLessThanOrEqual(16);
  });

  it("re-splits when the joined text counts more than its parts", async () => {
    const blocks = Array.from({ length: 12 }, (_, i) => paragraph(`paragraph ${i} `.repeat(6)));
    const chunks = await chunkDocument(blocks, { budget: 60, countTokens: countSuperAdditive });
    for (const chunk of chunks) {
      expect(chunk.tokens).toBe(await countSuperAdditive(chunk.text));
      expect(chunk.tokens).toBeLessThanOrEqual(60);
    }
  });

  it("rejects a budget too small to be meaningful and stops when aborted", async () => {
    await expect(chunkDocument([paragraph("x")], { budget: 2, countTokens: countWords })).rejects.toThrow(RangeError);
    const controller = new AbortController();
    controller.abort();
    await expect(
      chunkDocument([paragraph("x")], { budget: 10, countTokens: countWords, signal: controller.signal }),
    ).rejects.toMatchObject({ name: "AbortedError" });
  });

  it("loses, duplicates and reorders no text, and keeps every chunk within budget", async () => {
    const word = fc.oneof(
      fc.constantFrom("the", "model", "reads", "e.g.", "3.5", "Dr.", "数据", "。", "!", "Привет", "a-b"),
      fc.string({ minLength: 1, maxLength: 30, unit: fc.constantFrom("x", "y", "字", ".") }),
    );
    const text = fc.array(word, { minLength: 0, maxLength: 80 }).map((ws) => ws.join(" "));
    const block = fc.record({
      kind: fc.constantFrom("heading", "paragraph", "list-item") as fc.Arbitrary<DocBlock["kind"]>,
      text,
      sourceRef: fc.record({ page: fc.integer({ min: 1, max: 9 }) }),
    });
    const counter = fc.constantFrom(countWords, approximateCountTokens, countSuperAdditive);
    await fc.assert(
      fc.asyncProperty(fc.array(block, { maxLength: 25 }), fc.integer({ min: MIN_CHUNK_BUDGET, max: 120 }), counter,
        async (blocks, budget, countTokens) => {
          const chunks = await chunkDocument(blocks, { budget, countTokens });
          expect(squash(chunks.map((c) => c.text).join(""))).toBe(squash(blocks.map((b) => b.text).join("")));
          for (const chunk of chunks) {
            expect(await countTokens(chunk.text)).toBeLessThanOrEqual(budget);
            expect(chunk.text.trim()).not.toBe("");
          }
          const order = chunks.flatMap((c) => c.pieces.map((p) => p.blockIndex));
          expect(order).toEqual([...order].sort((a, b) => a - b));
        }),
      { numRuns: 150 },
    );
  });
});
