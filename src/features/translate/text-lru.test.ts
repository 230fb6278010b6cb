import { describe, expect, it } from "vitest";
import { TextLru } from "./text-lru";

describe("TextLru", () => {
  it("drops the least recently used first, a read counting as a use", () => {
    const lru = new TextLru({ maxChars: 1000, maxEntries: 2 });
    lru.set("a", "1");
    lru.set("b", "2");
    expect(lru.get("a")).toBe("1");
    lru.set("c", "3");
    expect([lru.get("a"), lru.get("b"), lru.get("c")]).toEqual(["1", undefined, "3"]);
  });

  it("counts keys and values against the character bound, and keeps an oversized newest entry only when told", () => {
    const kept = new TextLru({ maxChars: 4, keepNewest: true });
    kept.set("key", "long value");
    expect(kept.size).toBe(1);
    const dropped = new TextLru({ maxChars: 4 });
    dropped.set("key", "long value");
    expect(dropped.size).toBe(0);
    const replaced = new TextLru({ maxChars: 6 });
    replaced.set("ab", "cd");
    replaced.set("ab", "ef");
    replaced.set("g", "h");
    expect([replaced.get("ab"), replaced.get("g")]).toEqual(["ef", "h"]);
  });
});
