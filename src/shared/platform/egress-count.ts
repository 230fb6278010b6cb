/**
 * How many requests egress.ts has let through, per purpose, kept in storage.local for the Privacy section. Each purpose
 * has its own key because different contexts make them (model downloads and the local server from the background, a
 * tab's PDF from a sidebar), so the background and a sidebar never update the same key. Two sidebars (two windows)
 * reading a PDF in the same instant could still lose one count. Packaged files are not network requests and are not
 * counted.
 */
import type { KeyValueArea } from "../storage/settings";

export const COUNTED_PURPOSES = ["model-download", "tab-pdf", "local-server"] as const;
export type CountedPurpose = (typeof COUNTED_PURPOSES)[number];
export type EgressCounts = Record<CountedPurpose, number>;

const keyOf = (purpose: CountedPurpose) => `egress.count.${purpose}`;

function countIn(value: unknown): number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

/** The counts from a storage.local snapshot (`browser.storage.local.get(null)`). */
export function egressCountsOf(snapshot: Record<string, unknown>): EgressCounts {
  return Object.fromEntries(COUNTED_PURPOSES.map((purpose) => [purpose, countIn(snapshot[keyOf(purpose)])])) as EgressCounts;
}

/** A counter that adds one request for a purpose; increments made in one context are applied one after another. */
export function egressCounter(area: KeyValueArea): (purpose: CountedPurpose) => Promise<void> {
  let queue: Promise<unknown> = Promise.resolve();
  return (purpose) => {
    const next = queue.then(async () => area.set(keyOf(purpose), countIn(await area.get(keyOf(purpose))) + 1));
    queue = next.catch(() => undefined);
    return next;
  };
}
