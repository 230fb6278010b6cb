import { describe, expect, it } from "vitest";
import { percentOf, TransferRate } from "./transfer-rate";

describe("transfer rate", () => {
  it("says nothing until a quarter second of samples exists", () => {
    const rate = new TransferRate();
    rate.sample(0, 0);
    rate.sample(100, 1000);
    expect(rate.estimate(5000)).toEqual({ bytesPerSecond: null, etaSeconds: null });
  });

  it("computes bytes per second and the time left", () => {
    const rate = new TransferRate();
    rate.sample(0, 0);
    rate.sample(1000, 2_000_000);
    expect(rate.estimate(6_000_000)).toEqual({ bytesPerSecond: 2_000_000, etaSeconds: 3 });
    expect(rate.estimate(null)).toEqual({ bytesPerSecond: 2_000_000, etaSeconds: null });
  });

  it("forgets samples older than the window, so a slowdown shows", () => {
    const rate = new TransferRate(2000);
    rate.sample(0, 0);
    rate.sample(1000, 10_000_000);
    for (let t = 2000; t <= 10_000; t += 1000) rate.sample(t, 10_000_000 + (t - 1000) * 100);
    const { bytesPerSecond } = rate.estimate(0);
    expect(bytesPerSecond).toBeCloseTo(100_000, -3);
  });

  it("reports a stall as zero speed with no ETA", () => {
    const rate = new TransferRate();
    rate.sample(0, 500);
    rate.sample(2000, 500);
    expect(rate.estimate(100)).toEqual({ bytesPerSecond: 0, etaSeconds: null });
  });

  it("rounds percent down and knows when it cannot say", () => {
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(999, 1000)).toBe(99.9);
    expect(percentOf(5, null)).toBeNull();
    expect(percentOf(5, 0)).toBeNull();
  });
});
