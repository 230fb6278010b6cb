/**
 * Follow a stream from the background for as long as a page lives. The background is an event page that Firefox ends
 * when idle, which ends every stream it serves; following opens the stream again (which also starts the background
 * again), waiting a little longer after each drop that brought nothing, until `signal` aborts.
 */
import { sleep } from "./sleep";

export interface FollowOptions {
  /** First wait after a drop; doubled after each drop that brought nothing, up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/** Call `onItem` with every item of `open(signal)`, reopening it after it ends or fails, until `signal` aborts. */
export async function follow<T>(
  open: (signal: AbortSignal) => AsyncIterable<T>,
  onItem: (item: T) => void,
  signal: AbortSignal,
  { firstDelayMs = 200, maxDelayMs = 5000 }: FollowOptions = {},
): Promise<void> {
  let delayMs = firstDelayMs;
  while (!signal.aborted) {
    try {
      for await (const item of open(signal)) {
        onItem(item);
        delayMs = firstDelayMs;
      }
    } catch {
      // A drop (the event page ended, a port closed): open it again below, unless the page itself is going.
    }
    try {
      await sleep(delayMs, signal);
    } catch {
      return;
    }
    delayMs = Math.min(delayMs * 2, maxDelayMs);
  }
}
