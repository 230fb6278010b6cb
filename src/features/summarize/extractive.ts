/**
 * Classical extractive ranking: picks the sentences that matter (TF-IDF + TextRank centrality, position and heading
 * cues, or relevance to a question) so a slow CPU model reads a bounded number of tokens however long the document.
 * Deterministic: same blocks and options, same passages.
 */

import { AbortedError } from "../../shared/protocol/errors";
import { buildTfIdf, cosine, textRankCentrality, vectorize, type SparseVector } from "./centrality";
import type { CountTokens, DocBlock, SourceRef } from "./document";
import { splitSentences } from "./sentences";
import { extractTerms } from "./terms";

/** A sentence of a non-heading block, with its score (higher is more worth reading). */
export interface RankedSentence {
  index: number;
  blockIndex: number;
  text: string;
  /** Offsets into the block's text. */
  start: number;
  end: number;
  sourceRef: SourceRef;
  score: number;
}

/** Selected text from one block, numbered in document order from 1 so the model can cite it as "[n]". */
export interface Passage {
  number: number;
  text: string;
  blockIndex: number;
  sourceRef: SourceRef;
  /** Indexes of the RankedSentences it is made of. */
  sentences: number[];
  /** Best score among its sentences, so callers trimming to fit can drop the least useful passage. */
  score: number;
}

export interface RankOptions {
  /** Rank by relevance to this question instead of by importance to the whole document. */
  query?: string;
}

export interface SelectOptions extends RankOptions {
  /** Most tokens of passage text (plus per-passage overhead) to select. */
  budget: number;
  countTokens: CountTokens;
  /** Tokens each passage costs beyond its text in the prompt ("[12] " and a line break). */
  passageOverheadTokens?: number;
  signal?: AbortSignal;
}

// Weights of the cues; centrality dominates because it is what "the gist" means, the cues break ties toward
// sentences authors put up front.
const GENERIC_WEIGHTS = { centrality: 0.55, heading: 0.25, position: 0.2 };
const QUERY_WEIGHTS = { relevance: 0.7, centrality: 0.2, position: 0.1 };
// Near-duplicates (repeated abstract sentences, running headers) waste budget.
const REDUNDANT_SIMILARITY = 0.7;
const GIVE_UP_AFTER_MISFITS = 64;
const SECTION_SPREAD = 0.5;
const BUCKETS_WITHOUT_HEADINGS = 20;
const BM25_K1 = 1.2;
const BM25_B = 0.75;

interface Analysis {
  sentences: RankedSentence[];
  vectors: SparseVector[];
  /** Section id of each sentence: its heading's block index, or a position bucket when there are no headings. */
  sectionOf: number[];
}

/** Score every sentence of the document's non-heading blocks; returned in document order. */
export function rankSentences(blocks: readonly DocBlock[], options: RankOptions = {}): RankedSentence[] {
  return analyze(blocks, options).sentences;
}

/** Pick the best sentences up to a token budget and return them as numbered passages in document order. */
export async function selectPassages(blocks: readonly DocBlock[], options: SelectOptions): Promise<Passage[]> {
  const { sentences, vectors, sectionOf } = analyze(blocks, options);
  const overhead = options.passageOverheadTokens ?? 4;
  const spread = options.query ? 0 : SECTION_SPREAD;
  const chosen = new Set<number>();
  const skipped = new Set<number>();
  const perSection = new Map<number, number>();
  let used = 0;
  let misfits = 0;
  while (misfits < GIVE_UP_AFTER_MISFITS && options.budget - used >= 2) {
    if (options.signal?.aborted) throw new AbortedError();
    // Re-scored each round: a section that already gave sentences counts for less, so long reports are covered
    // chapter by chapter instead of only through their dominant topic.
    let best: RankedSentence | null = null;
    let bestScore = 0;
    for (const sentence of sentences) {
      if (chosen.has(sentence.index) || skipped.has(sentence.index)) continue;
      const score = sentence.score / (1 + spread * (perSection.get(sectionOf[sentence.index] ?? 0) ?? 0));
      if (score > bestScore) {
        best = sentence;
        bestScore = score;
      }
    }
    if (!best) break;
    const candidate = best;
    skipped.add(candidate.index);
    const vector = vectors[candidate.index];
    if (vector && [...chosen].some((i) => cosine(vector, vectors[i] ?? vector) > REDUNDANT_SIMILARITY)) continue;
    const joins = [candidate.index - 1, candidate.index + 1].filter(
      (i) => chosen.has(i) && sentences[i]?.blockIndex === candidate.blockIndex,
    ).length;
    const cost = (await options.countTokens(candidate.text)) + 1 + overhead * (1 - joins);
    if (used + cost > options.budget) {
      misfits++;
      continue;
    }
    chosen.add(candidate.index);
    const section = sectionOf[candidate.index] ?? 0;
    perSection.set(section, (perSection.get(section) ?? 0) + 1);
    used += cost;
  }
  return toPassages(blocks, sentences, chosen);
}

/** Passages most relevant to `question`, for answering from a page; falls back to the gist if nothing matches. */
export function selectRelevantPassages(
  blocks: readonly DocBlock[],
  question: string,
  options: Omit<SelectOptions, "query">,
): Promise<Passage[]> {
  return selectPassages(blocks, { ...options, query: question });
}

function analyze(blocks: readonly DocBlock[], options: RankOptions): Analysis {
  const sentences: RankedSentence[] = [];
  const sectionOf: number[] = [];
  const firstAfterHeading: boolean[] = [];
  let section = -1;
  let previousWasHeading = true;
  for (const [blockIndex, block] of blocks.entries()) {
    if (block.kind === "heading") {
      section = blockIndex;
      previousWasHeading = true;
      continue;
    }
    const spans = splitSentences(block.text);
    for (const span of spans) {
      sentences.push({ ...span, index: sentences.length, blockIndex, sourceRef: block.sourceRef, score: 0 });
      sectionOf.push(section);
      firstAfterHeading.push(previousWasHeading && span === spans[0]);
    }
    if (spans.length > 0) previousWasHeading = false;
  }
  if (sentences.length === 0) return { sentences, vectors: [], sectionOf };

  const termLists = sentences.map((s) => extractTerms(s.text));
  const model = buildTfIdf(termLists);
  const centrality = textRankCentrality(model.vectors, model.vocabulary.size);
  const position = sentences.map((s, i) => positionCue(s, i, sentences, firstAfterHeading[i] ?? false));
  const quality = sentences.map((s) => qualityFactor(s.text));
  const relevance = options.query ? bm25(extractTerms(options.query), termLists, sentences) : null;

  const top = relevance ? relevance.reduce((a, b) => Math.max(a, b), 0) : 0;
  if (relevance && top > 0) {
    sentences.forEach((s, i) => {
      s.score =
        (QUERY_WEIGHTS.relevance * (relevance[i] ?? 0)) / top +
        QUERY_WEIGHTS.centrality * (centrality[i] ?? 0) +
        QUERY_WEIGHTS.position * (position[i] ?? 0);
      s.score *= quality[i] ?? 1;
    });
  } else {
    const heading = headingCue(blocks, sectionOf, model.vectors, model);
    sentences.forEach((s, i) => {
      s.score =
        GENERIC_WEIGHTS.centrality * (centrality[i] ?? 0) +
        GENERIC_WEIGHTS.heading * (heading[i] ?? 0) +
        GENERIC_WEIGHTS.position * (position[i] ?? 0);
      s.score *= quality[i] ?? 1;
    });
  }
  const noHeadings = sectionOf.every((section) => section === -1);
  const sections = noHeadings
    ? sentences.map((_, i) => -1 - Math.floor((i * BUCKETS_WITHOUT_HEADINGS) / sentences.length))
    : sectionOf;
  return { sentences, vectors: model.vectors, sectionOf: sections };
}

function positionCue(sentence: RankedSentence, i: number, all: readonly RankedSentence[], afterHeading: boolean): number {
  const firstInBlock = i === 0 || all[i - 1]?.blockIndex !== sentence.blockIndex;
  const lead = Math.max(0, 1 - i / Math.max(1, all.length * 0.1));
  return 0.4 * (firstInBlock ? 1 : 0) + 0.3 * (afterHeading ? 1 : 0) + 0.3 * lead;
}

// Fragments, table rows, reference lists and equations rank high on shared terms but read badly as a summary source.
function qualityFactor(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  const visible = text.replace(/\s/g, "");
  const letters = (visible.match(/\p{L}/gu) ?? []).length;
  const spaceless = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text);
  let factor = 1;
  if (!spaceless && words < 5) factor *= 0.25;
  else if (!spaceless && words < 8) factor *= 0.7;
  else if (words > 80) factor *= 0.7;
  if (visible.length > 0 && letters / visible.length < 0.6) factor *= 0.25;
  return factor;
}

function headingCue(
  blocks: readonly DocBlock[],
  sectionOf: readonly number[],
  vectors: readonly SparseVector[],
  model: { vocabulary: Map<string, number>; idf: Float64Array },
): number[] {
  const headingVector = new Map<number, SparseVector>();
  const vectorOf = (blockIndex: number): SparseVector | null => {
    const block = blocks[blockIndex];
    if (!block) return null;
    let vector = headingVector.get(blockIndex);
    if (!vector) headingVector.set(blockIndex, (vector = vectorize(extractTerms(block.text), model.vocabulary, model.idf)));
    return vector;
  };
  const title = blocks.findIndex((b) => b.kind === "heading");
  const raw = vectors.map((vector, i) => {
    const titleVector = title >= 0 ? vectorOf(title) : null;
    const sectionVector = (sectionOf[i] ?? -1) >= 0 ? vectorOf(sectionOf[i] ?? -1) : null;
    return Math.max(titleVector ? cosine(vector, titleVector) : 0, sectionVector ? cosine(vector, sectionVector) : 0);
  });
  const top = raw.reduce((a, b) => Math.max(a, b), 0);
  return top > 0 ? raw.map((r) => r / top) : raw;
}

function bm25(queryTerms: readonly string[], termLists: readonly string[][], sentences: readonly RankedSentence[]): number[] {
  const wanted = new Set(queryTerms);
  const n = termLists.length;
  const averageLength = termLists.reduce((sum, t) => sum + t.length, 0) / Math.max(1, n);
  const frequencies = termLists.map((terms) => {
    const counts = new Map<string, number>();
    for (const term of terms) if (wanted.has(term)) counts.set(term, (counts.get(term) ?? 0) + 1);
    return counts;
  });
  const documentFrequency = new Map<string, number>();
  for (const counts of frequencies) for (const term of counts.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const raw = frequencies.map((counts, i) => {
    const lengthNorm = 1 - BM25_B + (BM25_B * (termLists[i]?.length ?? 0)) / Math.max(1, averageLength);
    let score = 0;
    for (const [term, tf] of counts) {
      const df = documentFrequency.get(term) ?? 0;
      score += Math.log(1 + (n - df + 0.5) / (df + 0.5)) * ((tf * (BM25_K1 + 1)) / (tf + BM25_K1 * lengthNorm));
    }
    return score;
  });
  // A sentence right next to a match often carries the answer ("It was founded in 1998."), so neighbours share credit.
  return raw.map((score, i) => {
    const sameBlock = (j: number): number => (sentences[j]?.blockIndex === sentences[i]?.blockIndex ? (raw[j] ?? 0) : 0);
    return score + 0.3 * (sameBlock(i - 1) + sameBlock(i + 1));
  });
}

function toPassages(blocks: readonly DocBlock[], sentences: readonly RankedSentence[], chosen: Set<number>): Passage[] {
  const passages: Passage[] = [];
  for (const index of [...chosen].sort((a, b) => a - b)) {
    const sentence = sentences[index];
    if (!sentence) continue;
    const last = passages.at(-1);
    if (last && last.blockIndex === sentence.blockIndex && last.sentences.at(-1) === index - 1) {
      last.sentences.push(index);
      last.score = Math.max(last.score, sentence.score);
      continue;
    }
    const { blockIndex, sourceRef, score } = sentence;
    passages.push({ number: passages.length + 1, text: "", blockIndex, sourceRef, sentences: [index], score });
  }
  for (const passage of passages) {
    const first = sentences[passage.sentences[0] ?? 0];
    const last = sentences[passage.sentences.at(-1) ?? 0];
    passage.text = blocks[passage.blockIndex]?.text.slice(first?.start ?? 0, last?.end ?? 0) ?? "";
  }
  return passages;
}
