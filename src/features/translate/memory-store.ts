/**
 * The background's store behind each page's segment cache: recent translations in memory, least recently used
 * dropped first. Memory only on purpose: translated page text is never written to disk. It lives as long as the
 * background page, which stays up while a model is loaded.
 */
import type { PersistentSegmentStore } from "./cache";
import { TextLru } from "./text-lru";

/** An LRU map of cache-key strings to translations, bounded in characters. */
export class MemorySegmentStore implements PersistentSegmentStore {
  readonly #entries: TextLru;

  constructor(maxChars = 16_000_000) {
    this.#entries = new TextLru({ maxChars });
  }

  /** Entries held. */
  get size(): number {
    return this.#entries.size;
  }

  async getMany(keys: readonly string[]): Promise<Array<string | undefined>> {
    return keys.map((key) => this.#entries.get(key));
  }

  async setMany(entries: ReadonlyArray<readonly [string, string]>): Promise<void> {
    for (const [key, value] of entries) this.#entries.set(key, value);
  }
}
