/**
 * Splits a document into chunks that each fit a token budget, cutting at headings and paragraphs where it can, then at
 * sentences, then at words, and only as a last resort inside a word (long CJK runs, URLs).
 */

import { AbortedError } from "../../shared/protocol/errors";
import type { BlockKind, CountTokens, DocBlock, SourceRef } from "./document";
import { splitSentences } from "./sentences";

/** A block, or the part of one oversize block, placed in a chunk. */
export interface ChunkPiece {
  blockIndex: number;
  kind: BlockKind;
  text: string;
  sourceRef: SourceRef;
  /** True when the block was too big and this is only part of it. */
  partial: boolean;
}

export interface Chunk {
  pieces: ChunkPiece[];
  /** The pieces joined: paragraphs by a blank line, parts of one paragraph by a space. */
  text: string;
  /** Token count of `text`, measured with the supplied counter. */
  tokens: number;
}

export interface ChunkOptions {
  /** Most tokens any chunk's text may have. At least MIN_CHUNK_BUDGET. */
  budget: number;
  countTokens: CountTokens;
  signal?: AbortSignal;
}

/** Smaller budgets could not hold a single character of some tokenizers' output. */
export const MIN_CHUNK_BUDGET = 8;

// A heading starts a new chunk once the current one is at least this full, so sections stay together without leaving
// a trail of tiny chunks.
const HEADING_BREAK_FILL = 0.5;

interface Unit extends ChunkPiece {
  tokens: number;
}

/** Split `blocks` into chunks of at most `budget` tokens; joined, the chunks hold exactly the blocks' text. */
export async function chunkDocument(blocks: readonly DocBlock[], options: ChunkOptions): Promise<Chunk[]> {
  if (!(options.budget >= MIN_CHUNK_BUDGET)) throw new RangeError(`Chunk budget must be at least ${MIN_CHUNK_BUDGET}.`);
  const units = await toUnits(blocks, options);
  const separatorTokens = await options.countTokens("\n\n");
  const groups = packUnits(units, options.budget, separatorTokens);
  const chunks: Chunk[] = [];
  for (const group of groups) chunks.push(...(await measureOrSplit(group, options)));
  return chunks;
}

/** Join pieces the way a chunk's text is built. */
export function joinPieces(pieces: readonly ChunkPiece[]): string {
  let text = "";
  pieces.forEach((piece, i) => {
    if (i > 0) text += pieces[i - 1]?.blockIndex === piece.blockIndex ? " " : "\n\n";
    text += piece.text;
  });
  return text;
}

async function toUnits(blocks: readonly DocBlock[], options: ChunkOptions): Promise<Unit[]> {
  const units: Unit[] = [];
  for (const [blockIndex, block] of blocks.entries()) {
    throwIfAborted(options.signal);
    const text = block.text.trim();
    if (text === "") continue;
    const base = { blockIndex, kind: block.kind, sourceRef: block.sourceRef };
    const tokens = await options.countTokens(text);
    if (tokens <= options.budget) {
      units.push({ ...base, text, tokens, partial: false });
      continue;
    }
    for (const part of await splitOversize(text, options)) units.push({ ...base, ...part, partial: true });
  }
  return units;
}

async function splitOversize(text: string, options: ChunkOptions): Promise<Array<{ text: string; tokens: number }>> {
  const parts: Array<{ text: string; tokens: number }> = [];
  for (const sentence of splitSentences(text)) {
    throwIfAborted(options.signal);
    const tokens = await options.countTokens(sentence.text);
    if (tokens <= options.budget) parts.push({ text: sentence.text, tokens });
    else parts.push(...(await splitByPrefix(sentence.text, options)));
  }
  return parts;
}

// Cut at the longest run of words that fits, found by binary search so a 5,000-word paragraph costs ~13 counts per
// part rather than one per word. Falls back to code points when a single word is too big.
async function splitByPrefix(text: string, options: ChunkOptions): Promise<Array<{ text: string; tokens: number }>> {
  const parts: Array<{ text: string; tokens: number }> = [];
  let rest = text;
  while (rest !== "") {
    throwIfAborted(options.signal);
    const whole = await options.countTokens(rest);
    if (whole <= options.budget) {
      parts.push({ text: rest, tokens: whole });
      break;
    }
    const wordCuts = [...rest.matchAll(/\s+/g)].map((m) => m.index);
    let cut = await longestFit(rest, wordCuts, options);
    if (cut === null) cut = await longestFit(rest, codePointCuts(rest), options);
    // Even one code point is over budget: emit it alone rather than loop forever.
    const end = cut?.end ?? codePointCuts(rest)[0] ?? rest.length;
    const head = rest.slice(0, end).trim();
    parts.push({ text: head, tokens: cut?.tokens ?? (await options.countTokens(head)) });
    rest = rest.slice(end).trim();
  }
  return parts;
}

async function longestFit(
  text: string,
  cuts: readonly number[],
  options: ChunkOptions,
): Promise<{ end: number; tokens: number } | null> {
  let low = 0;
  let high = cuts.length - 1;
  let best: { end: number; tokens: number } | null = null;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const end = cuts[mid] ?? text.length;
    const tokens = await options.countTokens(text.slice(0, end).trim());
    if (tokens <= options.budget && end > 0) {
      best = { end, tokens };
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return best;
}

function codePointCuts(text: string): number[] {
  const cuts: number[] = [];
  let offset = 0;
  for (const char of text) {
    offset += char.length;
    if (offset < text.length) cuts.push(offset);
  }
  return cuts;
}

function packUnits(units: readonly Unit[], budget: number, separatorTokens: number): Unit[][] {
  const groups: Unit[][] = [];
  let current: Unit[] = [];
  let size = 0;
  const close = (): void => {
    // A heading belongs with the text under it, not at the bottom of the previous chunk.
    const carried: Unit[] = [];
    while (current.length > 1 && current.at(-1)?.kind === "heading") carried.unshift(current.pop() as Unit);
    if (current.length > 0) groups.push(current);
    current = carried;
    size = estimate(current, separatorTokens);
  };
  for (const unit of units) {
    const added = size + (current.length > 0 ? separatorTokens : 0) + unit.tokens;
    const headingBreak = unit.kind === "heading" && size >= budget * HEADING_BREAK_FILL;
    if (current.length > 0 && (added > budget || headingBreak)) {
      close();
      if (current.length > 0 && estimate([...current, unit], separatorTokens) > budget) {
        groups.push(current);
        current = [];
      }
    }
    current.push(unit);
    size = estimate(current, separatorTokens);
  }
  close();
  if (current.length > 0) groups.push(current);
  return groups;
}

function estimate(units: readonly Unit[], separatorTokens: number): number {
  return units.reduce((sum, unit) => sum + unit.tokens, 0) + Math.max(0, units.length - 1) * separatorTokens;
}

// Token counts are not additive (merges across a join), so each chunk is measured whole and halved if it overflows.
async function measureOrSplit(units: readonly Unit[], options: ChunkOptions): Promise<Chunk[]> {
  throwIfAborted(options.signal);
  const pieces = units.map(({ tokens: _tokens, ...piece }) => piece);
  const text = joinPieces(pieces);
  const tokens = units.length === 1 ? (units[0]?.tokens ?? 0) : await options.countTokens(text);
  if (tokens <= options.budget || units.length === 1) return [{ pieces, text, tokens }];
  const middle = Math.ceil(units.length / 2);
  return [
    ...(await measureOrSplit(units.slice(0, middle), options)),
    ...(await measureOrSplit(units.slice(middle), options)),
  ];
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError();
}
