/** Waiting that can be stopped: long work (downloads, scripted streams) must end at once when the user stops it. */
import { AbortedError } from "../protocol/errors";

/** Resolve after `ms`, or reject with AbortedError as soon as `signal` aborts (at once if it already has). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new AbortedError());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    const timer = setTimeout(() => {
      // A long-lived signal (a download's) outlives many waits: each would otherwise leave a listener behind.
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    signal?.addEventListener("abort", stop, { once: true });
  });
}
