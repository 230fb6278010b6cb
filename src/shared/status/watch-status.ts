/**
 * Keep a UI in step with the background's status. The stream ends when Firefox unloads the event page, so the watcher
 * reconnects (which also wakes the background up again) until the caller stops it.
 */
import { follow } from "../async/follow";
import { background } from "../platform/runtime";
import type { HearthStatus } from "../protocol/status";

/** Call `onStatus` with every status the background reports, reconnecting after a drop, until `signal` aborts. */
export function watchStatus(onStatus: (status: HearthStatus) => void, signal: AbortSignal): Promise<void> {
  return follow((open) => background().stream("hearth/watch-status", {}, { signal: open }), onStatus, signal);
}
