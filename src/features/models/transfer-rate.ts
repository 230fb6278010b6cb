/**
 * Download speed and time left, from a sliding window of recent samples, so a pause or a burst moves the estimate
 * without making it jump about.
 */

export interface RateEstimate {
  /** Bytes per second over the window, or null until there is enough to say. */
  bytesPerSecond: number | null;
  /** Seconds until `total` is reached at that rate, or null when unknown. */
  etaSeconds: number | null;
}

export class TransferRate {
  private samples: { at: number; bytes: number }[] = [];

  constructor(private readonly windowMs = 5000) {}

  /** Record that `bytes` (a running total for this session) had arrived at time `at` (ms). */
  sample(at: number, bytes: number): void {
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && at - (this.samples[1]?.at ?? at) > this.windowMs) this.samples.shift();
  }

  /** The current estimate for reaching `remaining` more bytes. */
  estimate(remaining: number | null): RateEstimate {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.at - first.at < 250) return { bytesPerSecond: null, etaSeconds: null };
    const bytesPerSecond = ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
    if (bytesPerSecond <= 0) return { bytesPerSecond: 0, etaSeconds: null };
    const etaSeconds = remaining === null ? null : Math.max(0, Math.ceil(remaining / bytesPerSecond));
    return { bytesPerSecond, etaSeconds };
  }
}

/** Percent done, rounded down to a tenth, or null when the total is unknown. */
export function percentOf(loaded: number, total: number | null): number | null {
  if (total === null || total <= 0) return null;
  return Math.min(100, Math.floor((loaded / total) * 1000) / 10);
}
