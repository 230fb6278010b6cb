import { describe, expect, it } from "vitest";
import { clusterWithAdaptiveThreshold, withinAndBetweenMeans } from "./adaptive-threshold";

/** n×n matrix whose entry for i≠j comes from `pair(i, j)`, diagonal 1. */
function matrixOf(n: number, pair: (i: number, j: number) => number): Float64Array {
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) matrix[i * n + j] = i === j ? 1 : pair(Math.min(i, j), Math.max(i, j));
  return matrix;
}

// Two blocks of six with a little deterministic texture, so ties do not decide anything.
function twoBlocks(within: number, between: number): Float64Array {
  return matrixOf(12, (i, j) => {
    const texture = 1 + 0.2 * Math.sin(i * 12 + j);
    return (Math.floor(i / 6) === Math.floor(j / 6) ? within : between) * texture;
  });
}

const PRIOR = 0.1;

describe("withinAndBetweenMeans", () => {
  it("averages pairs inside clusters and pairs across them", () => {
    // Pairs: (0,1)=0.8 within; (0,2)=0.1, (1,2)=0.3 between.
    const matrix = matrixOf(3, (i, j) => (i === 0 && j === 1 ? 0.8 : i === 0 ? 0.1 : 0.3));
    const means = withinAndBetweenMeans(matrix, 3, [[0, 1], [2]]);
    expect(means?.within).toBeCloseTo(0.8, 12);
    expect(means?.between).toBeCloseTo(0.2, 12);
  });

  it("is undefined when everything or nothing is clustered together", () => {
    const matrix = matrixOf(3, () => 0.5);
    expect(withinAndBetweenMeans(matrix, 3, [[0, 1, 2]])).toBeNull();
    expect(withinAndBetweenMeans(matrix, 3, [[0], [1], [2]])).toBeNull();
  });
});

describe("clusterWithAdaptiveThreshold", () => {
  it("finds the same two blocks whether similarities are large or a hundred times smaller", () => {
    // No single fixed cut works for both: 0.02 is noise in the first window and a topic in the second.
    for (const [within, between] of [
      [0.6, 0.02],
      [0.02, 0.0002],
    ] as const) {
      const { clusters, threshold } = clusterWithAdaptiveThreshold(twoBlocks(within, between), 12, PRIOR);
      expect(clusters).toEqual([
        [0, 1, 2, 3, 4, 5],
        [6, 7, 8, 9, 10, 11],
      ]);
      expect(threshold).toBeGreaterThan(between);
      expect(threshold).toBeLessThan(within);
    }
  });

  it("leans on the prior in tiny windows: two tabs merge only when clearly alike", () => {
    expect(clusterWithAdaptiveThreshold(matrixOf(2, () => 0.5), 2, PRIOR).clusters).toEqual([[0, 1]]);
    expect(clusterWithAdaptiveThreshold(matrixOf(2, () => 0.05), 2, PRIOR).clusters).toEqual([[0], [1]]);
  });

  it("never merges items that share nothing, and merges identical ones", () => {
    expect(clusterWithAdaptiveThreshold(matrixOf(5, () => 0), 5, PRIOR).clusters).toEqual([[0], [1], [2], [3], [4]]);
    expect(clusterWithAdaptiveThreshold(matrixOf(5, () => 1), 5, PRIOR).clusters).toEqual([[0, 1, 2, 3, 4]]);
  });

  it("handles zero and one item", () => {
    expect(clusterWithAdaptiveThreshold(new Float64Array(0), 0, PRIOR).clusters).toEqual([]);
    expect(clusterWithAdaptiveThreshold(Float64Array.of(1), 1, PRIOR).clusters).toEqual([[0]]);
  });
});
