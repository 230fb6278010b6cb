/**
 * The background's store behind each page's segment cache: recent translations in memory, least recently used
 * dropped first. Memory only on purpose: translated page text is never written to disk. It lives as long as the
 * background page, which stays up while a model is loaded.
 */
import type { PersistentSegmentStore } from "./cache";

/** An LRU map of cache-key strings to translations, bounded in characters. */
export class MemorySegmentStore implements PersistentSegmentStore {
  readonly #entries = new Map<string, string>();
  readonly #maxChars: number;
  #chars = 0;

  constructor(maxChars = 16_000_000) {
    this.#maxChars = maxChars;
  }

  /** Entries held. */
  get size(): number {
    return this.#entries.size;
  }

  async getMany(keys: readonly string[]): Promise<Array<string | undefined>> {
    return keys.map((key) => {
      const value = this.#entries.get(key);
      if (value === undefined) return undefined;
      // Re-inserting moves the entry to the most recently used end of the Map's order.
      this.#entries.delete(key);
      this.#entries.set(key, value);
      return value;
    });
  }

  async setMany(entries: ReadonlyArray<readonly [string, string]>): Promise<void> {
    for (const [key, value] of entries) {
      const old = this.#entries.get(key);
      if (old !== undefined) {
        this.#entries.delete(key);
        this.#chars -= key.length + old.length;
      }
      this.#entries.set(key, value);
      this.#chars += key.length + value.length;
    }
    while (this.#chars > this.#maxChars && this.#entries.size > 0) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#chars -= oldest.value.length + (this.#entries.get(oldest.value)?.length ?? 0);
      this.#entries.delete(oldest.value);
    }
  }
}
