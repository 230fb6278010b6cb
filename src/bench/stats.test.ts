import { describe, expect, it } from "vitest";
import { median, timeTextStream } from "./stats";

async function* chunks(texts: string[], clock: { t: number }, stepMs: number): AsyncGenerator<string> {
  for (const text of texts) {
    clock.t += stepMs;
    yield text;
  }
}

describe("median", () => {
  it("takes the middle value, or the mean of the middle two, whatever the order", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it("refuses an empty list", () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe("timeTextStream", () => {
  it("times the first chunk from the request and decodes from the first chunk to the last", async () => {
    const clock = { t: 1000 };
    // Every chunk arrives 50 ms after the previous one: first at +50 ms, then 4 more over 200 ms.
    const timing = await timeTextStream(chunks(["a", "b", "c", "d", "e"], clock, 50), 1000, () => clock.t);
    expect(timing).toEqual({ ttftMs: 50, tokens: 5, decodeTokensPerSecond: 20 });
  });

  it("skips empty chunks (wllama's first chunk may carry only the role)", async () => {
    const clock = { t: 0 };
    const timing = await timeTextStream(chunks(["", "a", "b"], clock, 10), 0, () => clock.t);
    expect(timing.ttftMs).toBe(20);
    expect(timing.tokens).toBe(2);
    expect(timing.decodeTokensPerSecond).toBe(100);
  });

  it("fails a stream that produced no text instead of reporting a speed", async () => {
    const clock = { t: 0 };
    await expect(timeTextStream(chunks(["", ""], clock, 10), 0, () => clock.t)).rejects.toThrow(/no text/);
  });
});
