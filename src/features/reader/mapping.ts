/**
 * The reader's paragraph mapping: every block of the original article maps to exactly one block on screen, in the
 * same order, each with its own state (original, pending, simplified or failed). Pure functions over an immutable
 * value: the view renders from it, and the code that talks to the engine asks it what to rewrite next.
 *
 * Rewrites are kept per level, so going back to a level shows what was already done without asking the model again.
 */
import { isSimplifiable, type ArticleBlock } from "./article-blocks";
import type { SimplifyLevel, SimplifyRejection } from "./simplify-prompt";

/** Why a block kept its original text: the parser rejected the answer, or the engine failed. */
export type FailureReason = SimplifyRejection | "error";

export type Rewrite = { ok: true; text: string } | { ok: false; reason: FailureReason };

export type BlockState = "original" | "pending" | "simplified" | "failed";

export interface ReaderMapping {
  readonly blocks: readonly ArticleBlock[];
  readonly level: SimplifyLevel;
  /** "stopped" after the user pressed Stop: nothing more is asked of the model until resumed. */
  readonly run: "running" | "stopped";
  /** Index of the block at the reading position when the level last changed (used when nothing is visible). */
  readonly position: number;
  /** Finished rewrites per level, by block id. */
  readonly rewrites: Readonly<Partial<Record<SimplifyLevel, Readonly<Record<string, Rewrite>>>>>;
  /** Blocks being rewritten at the current level, with the text streamed so far. */
  readonly pending: Readonly<Record<string, string>>;
  /** Simplified blocks the user switched back to their original. */
  readonly showingOriginal: Readonly<Record<string, true>>;
}

/** One block as the reader shows it. */
export interface OutputBlock {
  id: string;
  source: ArticleBlock;
  state: BlockState;
  /** "simplified" only for a simplified block the user has not switched back. */
  showing: "original" | "simplified";
  /** The rewrite of a simplified block, or the text streamed so far of a pending one. */
  text?: string;
  failure?: FailureReason;
}

/** A new mapping: everything original, running at `level`. */
export function createMapping(blocks: readonly ArticleBlock[], level: SimplifyLevel): ReaderMapping {
  return { blocks, level, run: "running", position: 0, rewrites: {}, pending: {}, showingOriginal: {} };
}

/** The blocks to show, one per original block and in the same order. */
export function outputBlocks(mapping: ReaderMapping): OutputBlock[] {
  const done = mapping.rewrites[mapping.level] ?? {};
  return mapping.blocks.map((source): OutputBlock => {
    const { id } = source;
    const rewrite = done[id];
    if (rewrite?.ok) {
      return { id, source, state: "simplified", showing: mapping.showingOriginal[id] ? "original" : "simplified", text: rewrite.text };
    }
    if (rewrite) return { id, source, state: "failed", showing: "original", failure: rewrite.reason };
    const streamed = mapping.pending[id];
    if (streamed !== undefined) return { id, source, state: "pending", showing: "original", text: streamed };
    return { id, source, state: "original", showing: "original" };
  });
}

/**
 * Up to `limit` blocks to rewrite next at the current level: those on screen first, then the ones after them in
 * reading order, then the ones above them, nearest first. None while stopped.
 */
export function nextToSimplify(mapping: ReaderMapping, isVisible: (block: ArticleBlock) => boolean, limit = 1): ArticleBlock[] {
  if (mapping.run === "stopped" || limit <= 0) return [];
  const done = mapping.rewrites[mapping.level] ?? {};
  const wanted = (block: ArticleBlock) => isSimplifiable(block) && done[block.id] === undefined && mapping.pending[block.id] === undefined;
  const visible = mapping.blocks.filter(isVisible);
  const firstVisible = visible[0] ? mapping.blocks.indexOf(visible[0]) : -1;
  const first = firstVisible >= 0 ? firstVisible : Math.min(mapping.position, mapping.blocks.length);
  // On screen, then everything from the top of the screen down, then upwards from it.
  const order = [...visible, ...mapping.blocks.slice(first), ...mapping.blocks.slice(0, first).reverse()];
  const picked = new Set<ArticleBlock>();
  for (const block of order) {
    if (picked.size === limit) break;
    if (wanted(block)) picked.add(block);
  }
  return [...picked];
}

/** Mark `ids` as being rewritten at the current level; ids of blocks that are never rewritten are ignored. */
export function markPending(mapping: ReaderMapping, ids: readonly string[]): ReaderMapping {
  const pending = { ...mapping.pending };
  for (const id of ids) if (rewritable(mapping, id)) pending[id] = "";
  return { ...mapping, pending };
}

/** Record the text streamed so far for a block; ignored once the block is no longer pending at `level`. */
export function streamRewrite(mapping: ReaderMapping, id: string, level: SimplifyLevel, partial: string): ReaderMapping {
  if (level !== mapping.level || mapping.pending[id] === undefined) return mapping;
  return { ...mapping, pending: { ...mapping.pending, [id]: partial } };
}

/**
 * Record a finished rewrite (or failure) of a block at `level`. A result for another level than the current one is
 * still kept for that level: the user may come back to it.
 */
export function finishRewrite(mapping: ReaderMapping, id: string, level: SimplifyLevel, rewrite: Rewrite): ReaderMapping {
  if (!rewritable(mapping, id)) return mapping;
  const rewrites = { ...mapping.rewrites, [level]: { ...mapping.rewrites[level], [id]: rewrite } };
  if (level !== mapping.level) return { ...mapping, rewrites };
  const { [id]: _finished, ...pending } = mapping.pending;
  return { ...mapping, rewrites, pending };
}

/** Forget that a block is being rewritten (its request was aborted) so it can be asked for again. */
export function cancelRewrite(mapping: ReaderMapping, id: string): ReaderMapping {
  if (mapping.pending[id] === undefined) return mapping;
  const { [id]: _cancelled, ...pending } = mapping.pending;
  return { ...mapping, pending };
}

/** Forget a failed block's failure at the current level, so nextToSimplify offers it again. */
export function retryBlock(mapping: ReaderMapping, id: string): ReaderMapping {
  const done = mapping.rewrites[mapping.level];
  if (!done?.[id] || done[id].ok) return mapping;
  const { [id]: _failed, ...rest } = done;
  return { ...mapping, rewrites: { ...mapping.rewrites, [mapping.level]: rest } };
}

/**
 * Switch to `level`, rewriting from the block at `position` (the reading position) on. Rewrites of every level are
 * kept; pending work is dropped (the caller aborts it: see pendingIds) and blocks switched back are shown simplified.
 */
export function changeLevel(mapping: ReaderMapping, level: SimplifyLevel, position: number): ReaderMapping {
  const clamped = Math.max(0, Math.min(position, Math.max(0, mapping.blocks.length - 1)));
  return { ...mapping, level, position: clamped, run: "running", pending: {}, showingOriginal: {} };
}

/** Switch one simplified block between its original and simplified text; other blocks are left as they are. */
export function toggleBlock(mapping: ReaderMapping, id: string): ReaderMapping {
  if (!mapping.rewrites[mapping.level]?.[id]?.ok) return mapping;
  const { [id]: wasOriginal, ...others } = mapping.showingOriginal;
  return { ...mapping, showingOriginal: wasOriginal ? others : { ...others, [id]: true } };
}

/** Stop asking the model for anything; finished rewrites stay. The caller aborts what pendingIds lists. */
export function stopSimplifying(mapping: ReaderMapping): ReaderMapping {
  return { ...mapping, run: "stopped", pending: {} };
}

/** Start asking the model again after a stop. */
export function resumeSimplifying(mapping: ReaderMapping): ReaderMapping {
  return mapping.run === "running" ? mapping : { ...mapping, run: "running" };
}

/** The blocks being rewritten now, whose requests a level change or a stop must abort. */
export function pendingIds(mapping: ReaderMapping): string[] {
  return Object.keys(mapping.pending);
}

function rewritable(mapping: ReaderMapping, id: string): boolean {
  return mapping.blocks.some((block) => block.id === id && isSimplifiable(block));
}
