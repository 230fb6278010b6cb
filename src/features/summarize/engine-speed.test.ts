import { describe, expect, it } from "vitest";
import { DEFAULT_SPEEDS, SpeedMeter } from "./engine-speed";

const stats = (promptTokens: number, ttftMs: number, completionTokens: number, decodeMs: number) => ({
  promptTokens,
  completionTokens,
  timeToFirstTokenMs: ttftMs,
  decodeMs,
  finishReason: "stop" as const,
});

describe("SpeedMeter", () => {
  it("plans with the device's default until the model has run", () => {
    expect(new SpeedMeter().speedFor({ modelId: "m", device: "cpu" })).toEqual({ speed: DEFAULT_SPEEDS.cpu, measured: false });
  });

  it("measures reading and writing speed per model, weighting recent runs", () => {
    const meter = new SpeedMeter();
    meter.record("m", stats(1000, 2000, 100, 10_000)); // 500 tok/s reading, 10 tok/s writing
    expect(meter.speedFor({ modelId: "m", device: "cpu" })).toEqual({ speed: { prefillTokensPerSecond: 500, decodeTokensPerSecond: 10 }, measured: true });
    meter.record("m", stats(1000, 1000, 100, 5000)); // 1000 and 20
    expect(meter.speedFor({ modelId: "m", device: "cpu" }).speed).toEqual({ prefillTokensPerSecond: 750, decodeTokensPerSecond: 15 });
    expect(meter.speedFor({ modelId: "other", device: "webgpu" })).toEqual({ speed: DEFAULT_SPEEDS.webgpu, measured: false });
  });

  it("ignores runs too short to measure", () => {
    const meter = new SpeedMeter();
    meter.record("m", stats(3, 1, 2, 1));
    expect(meter.speedFor({ modelId: "m", device: "cpu" }).measured).toBe(false);
  });
});
