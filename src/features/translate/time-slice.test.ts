import { describe, expect, it } from "vitest";
import { AbortedError } from "../../shared/protocol/errors";
import { runInSlices } from "./time-slice";

describe("runInSlices", () => {
  it("yields between slices and reports the longest one", async () => {
    let time = 0;
    const costs = [2, 2, 2, 9, 1, 1];
    let index = 0;
    let yields = 0;
    const stats = await runInSlices(
      () => {
        time += costs[index] ?? 0;
        index += 1;
        return index < costs.length;
      },
      { sliceMs: 5, now: () => time, yieldToPage: async () => void (yields += 1) },
    );
    // Slices: [2,2,2] = 6 ms, [9] = 9 ms, [1,1] = 2 ms.
    expect(stats).toEqual({ slices: 3, steps: 6, longestSliceMs: 9, busyMs: 17 });
    expect(yields).toBe(2);
  });

  it("stops with AbortedError once the signal aborts", async () => {
    const controller = new AbortController();
    let steps = 0;
    const run = runInSlices(
      () => {
        steps += 1;
        return true;
      },
      { sliceMs: 0, signal: controller.signal, yieldToPage: async () => controller.abort() },
    );
    await expect(run).rejects.toBeInstanceOf(AbortedError);
    expect(steps).toBe(1);
  });
});
