import { describe, expect, it } from "vitest";
import { toLoadProgress } from "./load-progress";

const MiB = 1024 * 1024;

describe("toLoadProgress", () => {
  it("reads downloaded bytes back from web-llm's fetch report", () => {
    const progress = toLoadProgress({
      progress: 0.25,
      timeElapsed: 3,
      text: "Fetching param cache[3/24]: 120MB fetched. 25% completed, 3 secs elapsed. It can take a while when we first visit this page to populate the cache. Later refreshes will become faster.",
    });
    expect(progress).toEqual({ phase: "fetching", loaded: 120 * MiB, total: 480 * MiB });
  });

  it("reports loading from cache and shader compilation as initializing, by share", () => {
    expect(toLoadProgress({ progress: 0.5, timeElapsed: 1, text: "Loading model from cache[12/24]: 400MB loaded. 50% completed, 1 secs elapsed." })).toEqual({
      phase: "initializing",
      loaded: 500,
      total: 1000,
    });
    expect(toLoadProgress({ progress: 1, timeElapsed: 9, text: "Finish loading on WebGPU - nvidia" })).toEqual({
      phase: "initializing",
      loaded: 1000,
      total: 1000,
    });
  });
});
