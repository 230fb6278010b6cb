/**
 * Runs long page work in short slices, handing control back to the page between them, so walking a huge page never
 * blocks input or painting for long. The stats are the measurement: the longest slice is what the page felt.
 */
import { AbortedError } from "../../shared/protocol/errors";

export interface SliceOptions {
  /** Work this long, then yield. 10 ms leaves room for one slow step within a 40 ms task. */
  sliceMs?: number;
  /** Hands control back to the page, e.g. `scheduler.yield()` or a zero-delay timeout. */
  yieldToPage: () => Promise<void>;
  /** Clock, injectable for tests. */
  now?: () => number;
  signal?: AbortSignal;
}

export interface SliceStats {
  slices: number;
  steps: number;
  /** The longest uninterrupted stretch of work, in ms. */
  longestSliceMs: number;
  /** Time spent working, not counting time yielded to the page. */
  busyMs: number;
}

/** Run `step` until it returns false, yielding between slices; rejects with AbortedError once `signal` aborts. */
export async function runInSlices(step: () => boolean, options: SliceOptions): Promise<SliceStats> {
  const now = options.now ?? (() => performance.now());
  const sliceMs = options.sliceMs ?? 10;
  const stats: SliceStats = { slices: 0, steps: 0, longestSliceMs: 0, busyMs: 0 };
  let more = true;
  while (more) {
    if (options.signal?.aborted) throw new AbortedError();
    const start = now();
    let elapsed: number;
    do {
      more = step();
      stats.steps += 1;
      elapsed = now() - start;
    } while (more && elapsed < sliceMs);
    stats.slices += 1;
    stats.busyMs += elapsed;
    stats.longestSliceMs = Math.max(stats.longestSliceMs, elapsed);
    if (more) await options.yieldToPage();
  }
  return stats;
}
