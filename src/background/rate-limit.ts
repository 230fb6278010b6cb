/**
 * A per-tab token bucket for messages from content scripts: a page cannot make its content script flood the
 * background (each request may queue model work). Hearth's own pages are not limited.
 */
import { RateLimitError } from "../shared/protocol/errors";
import type { SenderContext } from "../shared/protocol/sender";

export interface RateLimitOptions {
  /** Requests a tab may make in a burst. */
  burst: number;
  /** Requests per second refilled. */
  perSecond: number;
  now?: () => number;
}

/** A gate for createServer: throws RateLimitError when a tab's content script exceeds its budget. */
export function createTabRateLimit({ burst, perSecond, now = () => Date.now() }: RateLimitOptions) {
  const buckets = new Map<number, { tokens: number; at: number }>();
  return (type: string, sender: SenderContext): void => {
    if (sender.kind !== "content-script" || sender.tabId === null) return;
    const time = now();
    const bucket = buckets.get(sender.tabId) ?? { tokens: burst, at: time };
    bucket.tokens = Math.min(burst, bucket.tokens + ((time - bucket.at) / 1000) * perSecond);
    bucket.at = time;
    if (bucket.tokens < 1) {
      buckets.set(sender.tabId, bucket);
      throw new RateLimitError(`Too many requests from this tab ("${type}"). Wait a moment and try again.`);
    }
    bucket.tokens -= 1;
    buckets.set(sender.tabId, bucket);
    // Forget tabs that have been quiet long enough to be full again, so the map cannot grow without bound.
    if (buckets.size > 500) {
      for (const [tabId, entry] of buckets) if (time - entry.at > (burst / perSecond) * 1000) buckets.delete(tabId);
    }
  };
}
