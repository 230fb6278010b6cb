import { describe, expect, it } from "vitest";
import { MemorySegmentStore } from "./memory-store";

describe("MemorySegmentStore", () => {
  it("returns what was stored and undefined for the rest", async () => {
    const store = new MemorySegmentStore();
    await store.setMany([["a", "A"], ["b", "B"]]);
    expect(await store.getMany(["a", "x", "b"])).toEqual(["A", undefined, "B"]);
  });

  it("drops the least recently used entries beyond its size, counting keys and values", async () => {
    const store = new MemorySegmentStore(6);
    await store.setMany([["a", "1"], ["b", "2"], ["c", "3"]]);
    await store.getMany(["a"]);
    await store.setMany([["d", "4"]]);
    expect(await store.getMany(["a", "b", "c", "d"])).toEqual(["1", undefined, "3", "4"]);
    expect(store.size).toBe(3);
    await store.setMany([["c", "33"]]);
    expect(await store.getMany(["c"])).toEqual(["33"]);
  });
});
