import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { adjustedRandIndex } from "./adjusted-rand-index";

describe("adjustedRandIndex", () => {
  it("is 1 for the same partition under other label names", () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2], ["b", "b", "a", "a", "c"])).toBe(1);
  });

  it("matches a hand-worked example", () => {
    // Pairs together in both: 1 ({0,1}). Pairs together in truth: 2, in prediction: 1, of 6 pairs in all.
    // Expected by chance: 2·1/6 = 1/3; maximum: (2+1)/2 = 3/2; ARI = (1 − 1/3) / (3/2 − 1/3) = 4/7.
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 12);
  });

  it("is 0 when the prediction lumps together items the truth keeps apart", () => {
    expect(adjustedRandIndex([0, 1, 2, 3], [0, 0, 0, 0])).toBe(0);
  });

  it("goes negative for a prediction worse than chance", () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeLessThan(0);
  });

  it("is symmetric, at most 1, and 1 against itself", () => {
    const labels = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(labels, labels, (a, b) => {
        const n = Math.min(a.length, b.length);
        const x = a.slice(0, n);
        const y = b.slice(0, n);
        expect(adjustedRandIndex(x, y)).toBeCloseTo(adjustedRandIndex(y, x), 12);
        expect(adjustedRandIndex(x, y)).toBeLessThanOrEqual(1 + 1e-12);
        expect(adjustedRandIndex(x, x)).toBe(1);
      }),
    );
  });

  it("refuses labelings of different lengths", () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(RangeError);
  });
});
