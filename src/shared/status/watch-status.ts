/**
 * Keep a UI in step with the background's status. The stream ends when Firefox unloads the event page, so the watcher
 * reconnects (which also wakes the background up again) until the caller stops it.
 */
import { background } from "../platform/runtime";
import { isAbort } from "../protocol/errors";
import type { HearthStatus } from "../protocol/status";

/** Call `onStatus` with every status the background reports, reconnecting after a drop, until `signal` aborts. */
export async function watchStatus(onStatus: (status: HearthStatus) => void, signal: AbortSignal): Promise<void> {
  let delayMs = 200;
  while (!signal.aborted) {
    try {
      for await (const status of background().stream("hearth/watch-status", {}, { signal })) {
        onStatus(status);
        delayMs = 200;
      }
    } catch (error) {
      if (isAbort(error) && signal.aborted) return;
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, 5000);
  }
}
