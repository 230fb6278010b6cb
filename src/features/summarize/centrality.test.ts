import { describe, expect, it } from "vitest";
import { sampleReport, seededRandom } from "../../../tests/fixtures/pdf/sample-text";
import { buildTfIdf, cosine, textRankCentrality, type SparseVector } from "./centrality";
import { splitSentences } from "./sentences";
import { extractTerms } from "./terms";

describe("extractTerms", () => {
  it("drops stop words, folds plurals and makes bigrams of spaceless scripts", () => {
    expect(extractTerms("The batteries and the Inverters of a grid")).toEqual(["battery", "inverter", "grid"]);
    expect(extractTerms("GPT模型很好")).toEqual(["gpt", "模型", "型很", "很好"]);
    expect(extractTerms("Ｆｕｌｌｗｉｄｔｈ 2024")).toEqual(["fullwidth", "2024"]);
  });
});

describe("TF-IDF and TextRank", () => {
  it("gives cosine 1 for identical term lists and 0 for disjoint ones", () => {
    const { vectors } = buildTfIdf([["solar", "grid"], ["solar", "grid"], ["water", "pipe"]]);
    expect(cosine(vectors[0]!, vectors[1]!)).toBeCloseTo(1, 10);
    expect(cosine(vectors[0]!, vectors[2]!)).toBe(0);
  });

  it("ranks the sentence that shares topics with all others highest", () => {
    const lists = [["solar", "battery", "grid", "water"], ["solar", "battery"], ["grid", "water"], ["battery", "grid"], ["cafeteria", "lunch"]];
    const scores = textRankCentrality(buildTfIdf(lists).vectors);
    expect(scores[0]).toBe(1);
    expect(Math.min(...scores)).toBe(scores[4]);
  });

  it("equals TextRank on the explicit similarity matrix", () => {
    const lists = structuredCorpus(400);
    const { vectors } = buildTfIdf(lists);
    const fast = textRankCentrality(vectors);
    const reference = explicitTextRank(vectors);
    const maxDifference = Math.max(...fast.map((value, i) => Math.abs(value - (reference[i] ?? 0))));
    expect(maxDifference).toBeLessThan(1e-9);
    // Sentences carrying more of the shared topic words are more central.
    const coreCount = lists.map((terms) => terms.filter((t) => CORE.includes(t)).length);
    const mean = (k: number): number => {
      const picked = [...fast].filter((_, i) => coreCount[i] === k);
      return picked.reduce((a, b) => a + b, 0) / picked.length;
    };
    expect(mean(3)).toBeGreaterThan(mean(1));
    expect(mean(1)).toBeGreaterThan(mean(0));
  });

  it("ranks 200 pages' worth of sentences in well under a second", () => {
    const sentences = sampleReport(200).flatMap((page) => page.paragraphs.flatMap((p) => splitSentences(p).map((s) => s.text)));
    const model = buildTfIdf(sentences.map(extractTerms));
    const started = performance.now();
    const scores = textRankCentrality(model.vectors, model.vocabulary.size);
    expect(performance.now() - started).toBeLessThan(500);
    expect(scores).toHaveLength(sentences.length);
    expect(sentences.length).toBeGreaterThan(3000);
  });
});

const CORE = ["solar", "battery", "grid", "inverter", "storage", "charge"];

/** Sentences of random filler words plus 0-3 words from a shared core, so centrality has a known shape. */
function structuredCorpus(count: number): string[][] {
  const random = seededRandom(3);
  const syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "pe", "dor", "gan", "bel"];
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const filler = Array.from({ length: 1500 }, () => pick(syllables) + pick(syllables) + pick(syllables));
  return Array.from({ length: count }, (_, i) => [
    ...Array.from({ length: 8 }, () => pick(filler)),
    ...Array.from({ length: i % 4 }, () => pick(CORE)),
  ]);
}

/** Textbook TextRank: build the n×n cosine matrix, then power-iterate. */
function explicitTextRank(vectors: readonly SparseVector[]): Float64Array {
  const n = vectors.length;
  const matrix = vectors.map((a, i) => vectors.map((b, j) => (i === j ? 0 : cosine(a, b))));
  const degree = matrix.map((row) => row.reduce((x, y) => x + y, 0));
  let rank = new Array<number>(n).fill(1 / n);
  for (let iteration = 0; iteration < 30; iteration++) {
    const share = rank.map((r, j) => ((degree[j] ?? 0) > 0 ? r / (degree[j] ?? 1) : 0));
    rank = rank.map((_, i) => 0.15 / n + 0.85 * share.reduce((sum, x, j) => sum + (matrix[j]?.[i] ?? 0) * x, 0));
  }
  const max = Math.max(...rank);
  return Float64Array.from(rank, (r) => r / max);
}
