/**
 * The content script's side of the model: a SegmentTranslator that sends each batch to the background over the
 * "translate/segments" stream, and the background's memory cache as the page cache's persistent store.
 */
import { background } from "../../../shared/platform/runtime";
import type { PersistentSegmentStore } from "../cache";
import type { SegmentTranslator } from "../segment-translator";

/** The "from" PageTranslation gets when the page's language is not known; the model is left to work it out. */
export const UNKNOWN_SOURCE = "und";
/** The longest segment and cache key the background accepts (the protocol's limits). */
const MAX_SEGMENT_CHARS = 20_000;
const MAX_PER_REQUEST = 200;

/** Translate batches through the background; `onQueued` hears when a batch waits behind other work. */
export function remoteSegmentTranslator(onQueued?: (position: number) => void): SegmentTranslator {
  return {
    supports: () => true,
    async *translateBatch(segments, { from, to, signal }) {
      // An oversized segment would fail the whole batch's validation; it stays untranslated instead.
      const sent = segments.flatMap((segment, index) => (segment.length <= MAX_SEGMENT_CHARS ? [index] : []));
      if (sent.length === 0) return;
      const stream = background().stream(
        "translate/segments",
        { segments: sent.map((index) => segments[index] ?? ""), from: from === UNKNOWN_SOURCE ? null : from, to },
        signal ? { signal } : {},
      );
      for await (const chunk of stream) {
        if (chunk.kind === "queued") {
          onQueued?.(chunk.position);
          continue;
        }
        const index = sent[chunk.index];
        if (index !== undefined) yield { index, text: chunk.text };
      }
    },
  };
}

function inChunks<T>(items: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += MAX_PER_REQUEST) chunks.push(items.slice(start, start + MAX_PER_REQUEST));
  return chunks;
}

/** The background's memory cache, seen from the page; keys too long for the protocol are never stored. */
export const backgroundSegmentStore: PersistentSegmentStore = {
  async getMany(keys) {
    const fits = (key: string) => key.length <= MAX_SEGMENT_CHARS;
    const asked = keys.filter(fits);
    const found = new Map<string, string>();
    for (const chunk of inChunks(asked)) {
      const values = await background().request("translate/cache-get", { keys: chunk });
      chunk.forEach((key, index) => {
        const value = values[index];
        if (typeof value === "string") found.set(key, value);
      });
    }
    return keys.map((key) => found.get(key));
  },
  async setMany(entries) {
    const fitting = entries.filter(([key, text]) => key.length <= MAX_SEGMENT_CHARS && text.length <= 2 * MAX_SEGMENT_CHARS);
    for (const chunk of inChunks(fitting)) {
      await background().request("translate/cache-put", { entries: chunk.map(([key, text]) => ({ key, text })) });
    }
  },
};
