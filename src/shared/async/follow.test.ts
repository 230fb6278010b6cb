import { describe, expect, it } from "vitest";
import { follow } from "./follow";

/** A stream of `items`, then `after()`, then `ending` thrown (or a plain end). */
function stream(items: string[], ending?: Error, after?: () => void): () => AsyncIterable<string> {
  return async function* () {
    for (const item of items) yield item;
    after?.();
    if (ending) throw ending;
  };
}

describe("follow", () => {
  it("reopens a stream that ends or fails, backing off while drops bring nothing, until stopped", async () => {
    const controller = new AbortController();
    const opened: number[] = [];
    const seen: string[] = [];
    let started = performance.now();
    const script = [
      stream(["a"], new Error("the event page ended")),
      stream([], new Error("not there yet")),
      // Ends without an item: the wait doubles again.
      stream([]),
      stream(["b"], undefined, () => controller.abort()),
    ];
    await follow(
      () => {
        opened.push(Math.round(performance.now() - started));
        started = performance.now();
        return (script.shift() ?? stream([]))();
      },
      (item) => seen.push(item),
      controller.signal,
      { firstDelayMs: 10, maxDelayMs: 25 },
    );
    expect(seen).toEqual(["a", "b"]);
    expect(opened).toHaveLength(4);
    // Waits: 10 ms after the first drop (it brought an item), then 20, then 25 (capped).
    const [, first, second, third] = opened;
    expect(first).toBeGreaterThanOrEqual(9);
    expect(second).toBeGreaterThanOrEqual(19);
    expect(third).toBeGreaterThanOrEqual(24);
  });

  it("ends at once when stopped during a wait", async () => {
    const controller = new AbortController();
    let opens = 0;
    const following = follow(
      stream([], undefined, () => (opens += 1)),
      () => undefined,
      controller.signal,
      { firstDelayMs: 60_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await following;
    expect(opens).toBe(1);
  });
});
