import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { averageLinkageClusters } from "./average-linkage";

// Textbook agglomeration: recompute every cluster pair's mean similarity from scratch, merge the best, repeat.
function naiveAverageLinkage(similarity: Float64Array, n: number, threshold: number): number[][] {
  let clusters = Array.from({ length: n }, (_, i) => [i]);
  for (;;) {
    let best: [number, number] | null = null;
    let bestMean = -Infinity;
    for (let a = 0; a < clusters.length; a++) {
      for (let b = a + 1; b < clusters.length; b++) {
        let sum = 0;
        for (const i of clusters[a] ?? []) for (const j of clusters[b] ?? []) sum += similarity[i * n + j] ?? 0;
        const mean = sum / ((clusters[a]?.length ?? 1) * (clusters[b]?.length ?? 1));
        if (mean > bestMean) [best, bestMean] = [[a, b], mean];
      }
    }
    if (best === null || bestMean < threshold) break;
    const [a, b] = best;
    const merged = [...(clusters[a] ?? []), ...(clusters[b] ?? [])].sort((x, y) => x - y);
    clusters = clusters.filter((_, k) => k !== a && k !== b).concat([merged]);
  }
  return clusters.sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0));
}

function symmetric(n: number, upper: readonly number[]): Float64Array {
  const matrix = new Float64Array(n * n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    matrix[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const value = upper[k++] ?? 0;
      matrix[i * n + j] = value;
      matrix[j * n + i] = value;
    }
  }
  return matrix;
}

// Distinct similarities: with ties, average linkage itself may pick either merge, so only tie-free cases compare.
const similarityCase = fc.integer({ min: 0, max: 14 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    upper: fc
      .uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 })
      .map((values) => values.map((value) => value / 1_000_000)),
    threshold: fc.integer({ min: 1, max: 900 }).map((value) => value / 1000 + 1e-7),
  }),
);

describe("averageLinkageClusters", () => {
  it("gives exactly the partition of textbook average linkage cut at the threshold", () => {
    fc.assert(
      fc.property(similarityCase, ({ n, upper, threshold }) => {
        const matrix = symmetric(n, upper);
        expect(averageLinkageClusters(matrix, n, threshold)).toEqual(naiveAverageLinkage(matrix, n, threshold));
      }),
      { numRuns: 300 },
    );
  });

  it("also agrees on sparse matrices, where most pairs share nothing", () => {
    const sparse = similarityCase.map(({ n, upper, threshold }) => ({
      n,
      upper: upper.map((value) => (value < 0.8 ? 0 : value)),
      threshold: threshold / 4,
    }));
    fc.assert(
      fc.property(sparse, ({ n, upper, threshold }) => {
        const matrix = symmetric(n, upper);
        expect(averageLinkageClusters(matrix, n, threshold)).toEqual(naiveAverageLinkage(matrix, n, threshold));
      }),
      { numRuns: 300 },
    );
  });

  it("handles no items, one item, and leaves the caller's matrix untouched", () => {
    expect(averageLinkageClusters(new Float64Array(0), 0, 0.5)).toEqual([]);
    expect(averageLinkageClusters(Float64Array.of(1), 1, 0.5)).toEqual([[0]]);
    const matrix = symmetric(3, [0.9, 0.1, 0.2]);
    const copy = matrix.slice();
    expect(averageLinkageClusters(matrix, 3, 0.5)).toEqual([[0, 1], [2]]);
    expect(matrix).toEqual(copy);
  });

  it("merges by the mean, not the best pair: one strong link to a big cluster is not enough", () => {
    // Items 0-2 are a tight cluster; item 3 resembles only item 0.
    const matrix = symmetric(4, [0.9, 0.9, 0.6, 0.9, 0, 0]);
    expect(averageLinkageClusters(matrix, 4, 0.3)).toEqual([[0, 1, 2], [3]]);
    expect(averageLinkageClusters(matrix, 4, 0.15)).toEqual([[0, 1, 2, 3]]);
  });
});
