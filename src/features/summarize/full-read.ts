/**
 * The full-read path of summarization: every chunk of the document is turned into notes that cite their passages,
 * and the notes are merged level by level until they fit one final prompt.
 */

import { chunkDocument, MIN_CHUNK_BUDGET } from "./chunk";
import type { DocBlock } from "./document";
import { selectPassages } from "./extractive";
import type { ModelCalls, SummaryProgress } from "./map-reduce";
import { linkPoints, parseSummary, type LinkedPoint, type LinkTarget } from "./parse-summary";
import {
  buildCombineMessages,
  buildMergeNotesMessages,
  buildNotesMessages,
  NOTES_MAX_TOKENS,
  type SummaryRequest,
} from "./prompt";
import type { ChatMessage } from "../../engine/engine";

export interface FullReadContext {
  blocks: readonly DocBlock[];
  request: SummaryRequest;
  calls: ModelCalls;
  /** Most content tokens per prompt. */
  limit: number;
  signal: AbortSignal | undefined;
  onProgress: ((progress: SummaryProgress) => void) | undefined;
  /** Receives a way to turn the notes written so far into points, for a result stopped before the final step. */
  onNotes: (points: () => LinkedPoint[]) => void;
  writeFinal: (messages: ChatMessage[], targets: LinkTarget[]) => Promise<void>;
}

// Share of a chunk's budget kept for the "[n] " numbering of its passages (~4 tokens per ~80-token paragraph).
const NUMBERING_RESERVE = 0.06;
// Notes that still do not fit after this many merge levels are cut down extractively instead.
const MAX_MERGE_LEVELS = 4;

/** Summarize every part of the document, merge the notes, and write the final summary from them. */
export async function readInFull(context: FullReadContext): Promise<void> {
  const { calls, request, limit } = context;
  const overhead = await calls.promptTokens(buildNotesMessages([], request, 1, 1));
  const chunkBudget = Math.max(MIN_CHUNK_BUDGET, Math.floor((limit - overhead) * (1 - NUMBERING_RESERVE)));
  const chunks = await chunkDocument(context.blocks, { budget: chunkBudget, countTokens: calls.countTokens, signal: context.signal });
  let next = 1;
  const numbered = chunks.map((chunk) =>
    chunk.pieces.map((piece) => ({ number: next++, text: piece.text, sourceRef: piece.sourceRef })),
  );
  const parts: LinkTarget[][] = [];
  for (const part of numbered) parts.push(...(await fitPart(part, context)));
  const targets = parts.flat();

  const notes: string[] = [];
  context.onNotes(() => linkPoints(parseSummary(notes.join("\n"), "key-points").points, targets));
  for (const [i, part] of parts.entries()) {
    context.onProgress?.({ phase: "reading", part: i + 1, parts: parts.length });
    const messages = buildNotesMessages(part, request, i + 1, parts.length);
    const note = (await calls.run(messages, NOTES_MAX_TOKENS)).trim();
    if (note !== "") notes.push(note);
  }
  await context.writeFinal(buildCombineMessages(await condense(notes, context), request), targets);
}

// Numbering can push a chunk past the limit when it holds many short paragraphs; halve such a part until it fits.
async function fitPart(part: LinkTarget[], context: FullReadContext): Promise<LinkTarget[][]> {
  const tokens = await context.calls.promptTokens(buildNotesMessages(part, context.request, 1, 1));
  if (tokens <= context.limit || part.length <= 1) return [part];
  const middle = Math.ceil(part.length / 2);
  return [...(await fitPart(part.slice(0, middle), context)), ...(await fitPart(part.slice(middle), context))];
}

async function condense(initial: string[], context: FullReadContext): Promise<string[]> {
  const { calls, request, limit } = context;
  let notes = initial;
  for (let level = 0; level < MAX_MERGE_LEVELS; level++) {
    if ((await calls.promptTokens(buildCombineMessages(notes, request))) <= limit) return notes;
    const overhead = await calls.promptTokens(buildMergeNotesMessages([], request));
    const batches = await groupByBudget(notes, Math.max(MIN_CHUNK_BUDGET, limit - overhead), context);
    if (batches.length >= notes.length) break; // every note alone fills a prompt: merging cannot shrink them
    const merged: string[] = [];
    for (const [i, batch] of batches.entries()) {
      context.onProgress?.({ phase: "combining", part: i + 1, parts: batches.length });
      const note = (await calls.run(buildMergeNotesMessages(batch, request), NOTES_MAX_TOKENS)).trim();
      if (note !== "") merged.push(note);
    }
    notes = merged;
  }
  if ((await calls.promptTokens(buildCombineMessages(notes, request))) <= limit) return notes;
  // A model that will not write short notes still gets a final prompt that fits: keep the notes' central lines.
  const overhead = await calls.promptTokens(buildCombineMessages([], request));
  const lines = notes.flatMap((note) => note.split("\n")).filter((line) => line.trim() !== "");
  const picked = await selectPassages(toBlocks(lines), {
    budget: Math.max(1, limit - overhead),
    countTokens: calls.countTokens,
    passageOverheadTokens: 1,
    signal: context.signal,
  });
  return picked.map((passage) => passage.text);
}

async function groupByBudget(notes: readonly string[], budget: number, context: FullReadContext): Promise<string[][]> {
  const chunks = await chunkDocument(toBlocks(notes), { budget, countTokens: context.calls.countTokens, signal: context.signal });
  return chunks.map((chunk) => chunk.pieces.map((piece) => piece.text));
}

function toBlocks(texts: readonly string[]): DocBlock[] {
  return texts.map((text) => ({ kind: "paragraph", text, sourceRef: {} }));
}
