/**
 * Strings by string key, least recently used dropped first, bounded in entries and in characters (keys and values
 * together). The page's segment cache and the background's store behind it both keep their translations this way.
 */

export interface TextLruLimits {
  maxChars: number;
  maxEntries?: number;
  /** Keep the newest entry even when it alone is over `maxChars`. */
  keepNewest?: boolean;
}

export class TextLru {
  readonly #entries = new Map<string, string>();
  #chars = 0;

  constructor(private readonly limits: TextLruLimits) {}

  /** Entries held. */
  get size(): number {
    return this.#entries.size;
  }

  /** The value for `key`, marking it recently used. */
  get(key: string): string | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    // A Map keeps insertion order, so re-inserting moves the entry to the most recently used end.
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  /** Store `value` as the most recently used, dropping the least recently used beyond the limits. */
  set(key: string, value: string): void {
    const old = this.#entries.get(key);
    if (old !== undefined) {
      this.#entries.delete(key);
      this.#chars -= key.length + old.length;
    }
    this.#entries.set(key, value);
    this.#chars += key.length + value.length;
    const maxEntries = this.limits.maxEntries ?? Number.POSITIVE_INFINITY;
    const keep = this.limits.keepNewest ? 1 : 0;
    while (this.#entries.size > maxEntries || (this.#chars > this.limits.maxChars && this.#entries.size > keep)) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#chars -= oldest.value.length + (this.#entries.get(oldest.value)?.length ?? 0);
      this.#entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.#entries.clear();
    this.#chars = 0;
  }
}
