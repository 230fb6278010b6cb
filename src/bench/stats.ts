/**
 * Small statistics for the bench: medians, and timing a stream of text chunks the way a reader sees it.
 */
import type { StreamTiming } from "./bench-api";

/** The median of `values` (mean of the middle two for an even count). Throws on an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/**
 * Time a stream of text chunks from `startedAt` (when the request was made): time to the first non-empty chunk, and
 * decode speed as (chunks - 1) over the span from the first chunk to the last, so prompt processing is left out.
 */
export async function timeTextStream(chunks: AsyncIterable<string>, startedAt: number, now: () => number): Promise<StreamTiming> {
  let first: number | null = null;
  let last = startedAt;
  let tokens = 0;
  for await (const text of chunks) {
    if (text.length === 0) continue;
    last = now();
    first ??= last;
    tokens += 1;
  }
  if (first === null) throw new Error("the stream produced no text");
  const span = last - first;
  return { ttftMs: first - startedAt, tokens, decodeTokensPerSecond: span > 0 ? ((tokens - 1) * 1000) / span : 0 };
}
