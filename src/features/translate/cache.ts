/**
 * Remembers translated segments so a page seen before translates again at once. Entries are keyed by everything that
 * decides the answer: the source placeholder string, both languages and the model. Memory holds recent entries (least
 * recently used go first); an optional persistent store behind it survives reloads.
 */
import { TextLru } from "./text-lru";

/** What identifies one cached translation. */
export interface SegmentKey {
  readonly source: string;
  readonly from: string;
  readonly to: string;
  readonly modelId: string;
}

/**
 * A store that outlives the page (IndexedDB in the background page, for instance; never the page's own storage, which
 * the page can read). Keys are strings from segmentCacheKey.
 */
export interface PersistentSegmentStore {
  getMany(keys: readonly string[]): Promise<ReadonlyArray<string | undefined>>;
  setMany(entries: ReadonlyArray<readonly [string, string]>): Promise<void>;
}

export interface SegmentCacheOptions {
  maxEntries?: number;
  /** Upper bound on the characters held in memory, keys and values together. */
  maxChars?: number;
  store?: PersistentSegmentStore;
  /** Told when the persistent store fails; the memory cache keeps working. */
  onStoreError?: (error: unknown) => void;
}

/** The string key for a segment; the separator cannot occur in language tags or model ids. */
export function segmentCacheKey(key: SegmentKey): string {
  return `${key.modelId}\u0000${key.from}\u0000${key.to}\u0000${key.source}`;
}

/** In-memory LRU of segment translations, optionally backed by a persistent store. */
export class SegmentCache {
  readonly #entries: TextLru;
  readonly #store: PersistentSegmentStore | undefined;
  readonly #onStoreError: (error: unknown) => void;
  #unsaved: Array<readonly [string, string]> = [];
  #saveScheduled = false;

  constructor(options: SegmentCacheOptions = {}) {
    this.#entries = new TextLru({ maxEntries: options.maxEntries ?? 20_000, maxChars: options.maxChars ?? 8_000_000, keepNewest: true });
    this.#store = options.store;
    this.#onStoreError = options.onStoreError ?? (() => undefined);
  }

  /** Entries held in memory. */
  get size(): number {
    return this.#entries.size;
  }

  /** The cached translation from memory, marking it recently used. */
  get(key: SegmentKey): string | undefined {
    return this.#entries.get(segmentCacheKey(key));
  }

  /** Look up many keys: memory first, then the persistent store for the rest (hits are kept in memory). */
  async lookup(keys: readonly SegmentKey[]): Promise<Array<string | undefined>> {
    const strings = keys.map(segmentCacheKey);
    const found = strings.map((key) => this.#entries.get(key));
    const missing = found.flatMap((value, index) => (value === undefined ? [index] : []));
    if (!this.#store || missing.length === 0) return found;
    try {
      const stored = await this.#store.getMany(missing.map((index) => strings[index] ?? ""));
      missing.forEach((index, position) => {
        const value = stored[position];
        const key = strings[index];
        if (value === undefined || key === undefined) return;
        found[index] = value;
        this.#entries.set(key, value);
      });
    } catch (error) {
      this.#onStoreError(error);
    }
    return found;
  }

  /** Remember a translation in memory and (soon, in one write with its neighbours) in the persistent store. */
  set(key: SegmentKey, translation: string): void {
    const string = segmentCacheKey(key);
    this.#entries.set(string, translation);
    if (!this.#store) return;
    this.#unsaved.push([string, translation]);
    if (this.#saveScheduled) return;
    this.#saveScheduled = true;
    queueMicrotask(() => void this.persist());
  }

  /** Write pending entries to the persistent store now. */
  async persist(): Promise<void> {
    this.#saveScheduled = false;
    const entries = this.#unsaved;
    this.#unsaved = [];
    if (!this.#store || entries.length === 0) return;
    try {
      await this.#store.setMany(entries);
    } catch (error) {
      this.#onStoreError(error);
    }
  }

  /** Forget everything held in memory (the persistent store is left alone). */
  clear(): void {
    this.#entries.clear();
  }
}
