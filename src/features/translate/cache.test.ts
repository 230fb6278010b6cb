import { describe, expect, it } from "vitest";
import { SegmentCache, segmentCacheKey, type PersistentSegmentStore } from "./cache";

const key = (source: string, to = "de", modelId = "m1") => ({ source, from: "en", to, modelId });

class MapStore implements PersistentSegmentStore {
  readonly map = new Map<string, string>();
  gets = 0;
  fail = false;
  async getMany(keys: readonly string[]) {
    this.gets += 1;
    if (this.fail) throw new Error("disk gone");
    return keys.map((k) => this.map.get(k));
  }
  async setMany(entries: ReadonlyArray<readonly [string, string]>) {
    if (this.fail) throw new Error("disk gone");
    for (const [k, v] of entries) this.map.set(k, v);
  }
}

describe("SegmentCache", () => {
  it("keys by source, both languages and the model", () => {
    const cache = new SegmentCache();
    cache.set(key("Hello"), "Hallo");
    expect(cache.get(key("Hello"))).toBe("Hallo");
    expect(cache.get(key("Hello", "fr"))).toBeUndefined();
    expect(cache.get(key("Hello", "de", "m2"))).toBeUndefined();
    expect(cache.get({ ...key("Hello"), from: "nl" })).toBeUndefined();
    expect(segmentCacheKey(key("a"))).not.toBe(segmentCacheKey({ ...key("a"), modelId: "m1\u0000de" }));
  });

  it("evicts the least recently used entry first", () => {
    const cache = new SegmentCache({ maxEntries: 2 });
    cache.set(key("a"), "A");
    cache.set(key("b"), "B");
    expect(cache.get(key("a"))).toBe("A");
    cache.set(key("c"), "C");
    expect(cache.get(key("b"))).toBeUndefined();
    expect(cache.get(key("a"))).toBe("A");
    expect(cache.get(key("c"))).toBe("C");
  });

  it("bounds the characters held in memory", () => {
    const cache = new SegmentCache({ maxChars: 100 });
    for (let index = 0; index < 10; index += 1) cache.set(key(`segment ${index}`), "x".repeat(20));
    expect(cache.size).toBeLessThan(10);
    expect(cache.get(key("segment 9"))).toBe("x".repeat(20));
  });

  it("falls back to the persistent store and keeps its hits in memory", async () => {
    const store = new MapStore();
    const writer = new SegmentCache({ store });
    writer.set(key("Hello"), "Hallo");
    await writer.persist();

    const reader = new SegmentCache({ store });
    expect(await reader.lookup([key("Hello"), key("Bye")])).toEqual(["Hallo", undefined]);
    expect(store.gets).toBe(1);
    expect(reader.get(key("Hello"))).toBe("Hallo");
    expect(await reader.lookup([key("Hello")])).toEqual(["Hallo"]);
    expect(store.gets).toBe(1);
  });

  it("keeps working from memory when the store fails, and says so", async () => {
    const store = new MapStore();
    store.fail = true;
    const errors: unknown[] = [];
    const cache = new SegmentCache({ store, onStoreError: (error) => errors.push(error) });
    cache.set(key("Hello"), "Hallo");
    await cache.persist();
    expect(await cache.lookup([key("Hello"), key("Other")])).toEqual(["Hallo", undefined]);
    expect(errors).toHaveLength(2);
  });
});
