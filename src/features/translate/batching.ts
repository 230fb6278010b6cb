/**
 * Decides what to translate next: what the reader can see first, then the rest in document order, packed into
 * batches that fill the model's token budget without overflowing it.
 */

export interface BatchLimits {
  /** Most source tokens one batch may hold (a unit larger than this still goes alone in a batch of its own). */
  readonly tokenBudget: number;
  /** Most distinct segments in one batch; small models lose count in very long numbered lists. */
  readonly maxSegments?: number;
  /** Token count of one source string; an estimate is fine, it is only used for packing. */
  readonly countTokens: (text: string) => number;
  /** Tokens each segment costs on top of its text (its number, the line break). */
  readonly overheadPerSegment?: number;
}

/** The units that pass `isVisible`, then the others, each group keeping its order (a stable partition). */
export function orderVisibleFirst<T>(units: readonly T[], isVisible: (unit: T) => boolean): T[] {
  const visible: T[] = [];
  const rest: T[] = [];
  for (const unit of units) (isVisible(unit) ? visible : rest).push(unit);
  return visible.concat(rest);
}

/**
 * Remove and return the next batch from the front of `queue`. Units whose source already is in the batch ride along
 * for free, since the same string is translated once.
 */
export function takeBatch<T extends { readonly source: string }>(queue: T[], limits: BatchLimits): T[] {
  const overhead = limits.overheadPerSegment ?? 4;
  const maxSegments = limits.maxSegments ?? Number.POSITIVE_INFINITY;
  const sources = new Set<string>();
  let tokens = 0;
  let taken = 0;
  for (const unit of queue) {
    if (!sources.has(unit.source)) {
      const cost = limits.countTokens(unit.source) + overhead;
      const full = sources.size >= maxSegments || tokens + cost > limits.tokenBudget;
      if (full && sources.size > 0) break;
      sources.add(unit.source);
      tokens += cost;
    }
    taken += 1;
  }
  return queue.splice(0, taken);
}

/** Split all of `units` into batches, in order; what takeBatch would return call after call. */
export function batchByBudget<T extends { readonly source: string }>(units: readonly T[], limits: BatchLimits): T[][] {
  const queue = [...units];
  const batches: T[][] = [];
  while (queue.length > 0) batches.push(takeBatch(queue, limits));
  return batches;
}
