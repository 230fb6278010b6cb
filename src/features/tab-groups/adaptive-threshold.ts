/**
 * Where to cut the average-linkage tree, learned from the window itself rather than fixed.
 *
 * Pairs of tabs fall into two populations: pairs on one topic, and pairs that share at most a stray word. Their
 * similarities differ by an order of magnitude or more and span orders of magnitude, so the cut belongs between the
 * two populations' means on a log scale, i.e. at their geometric mean. Which pairs are "on one topic" depends on the
 * cut, so the two are refined in turn (the iterative intermeans method of Ridler & Calvard, applied to pairs split by
 * the clustering), starting from the window's mean pairwise similarity.
 *
 * A window with few tabs has too few pairs to estimate anything, so the estimate is shrunk toward a prior threshold
 * in proportion to how few pairs there are: two tabs are grouped only when they clearly share a topic.
 */
import { averageLinkageClusters } from "./average-linkage";

// How many pairs' worth of evidence the prior counts for.
const PRIOR_PAIRS = 10;
// Perfectly separated topics make the between-topic mean 0; keep the cut at least this far below the within mean.
const MAX_SEPARATION = 20;
const MAX_ROUNDS = 12;
// Tabs that share no feature at all have similarity exactly 0 and must never merge, whatever the estimate says.
const MIN_THRESHOLD = 1e-6;

function shrinkTowardPrior(estimate: number, pairCount: number, prior: number): number {
  const logEstimate = Math.log(Math.max(estimate, MIN_THRESHOLD));
  const shrunk = Math.exp((pairCount * logEstimate + PRIOR_PAIRS * Math.log(prior)) / (pairCount + PRIOR_PAIRS));
  return Math.max(shrunk, MIN_THRESHOLD);
}

function meanPairwiseSimilarity(similarity: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) sum += similarity[i * n + j] ?? 0;
  return sum / ((n * (n - 1)) / 2);
}

/** Mean similarity of pairs inside one cluster and of pairs across clusters; null when either set is empty. */
export function withinAndBetweenMeans(
  similarity: Float64Array,
  n: number,
  clusters: readonly number[][],
): { within: number; between: number } | null {
  const label = new Int32Array(n);
  clusters.forEach((members, c) => members.forEach((i) => (label[i] = c)));
  let withinSum = 0;
  let withinCount = 0;
  let betweenSum = 0;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const labelI = label[i];
    for (let j = i + 1; j < n; j++) {
      const s = similarity[row + j] ?? 0;
      if (label[j] === labelI) {
        withinSum += s;
        withinCount++;
      } else betweenSum += s;
    }
  }
  const pairCount = (n * (n - 1)) / 2;
  if (withinCount === 0 || withinCount === pairCount) return null;
  return { within: withinSum / withinCount, between: betweenSum / (pairCount - withinCount) };
}

function samePartition(a: readonly number[][], b: readonly number[][]): boolean {
  return a.length === b.length && a.every((members, c) => members.join(",") === (b[c] ?? []).join(","));
}

/**
 * Average-linkage clusters of items 0..n-1, cut at a threshold derived from this matrix's own similarities;
 * `prior` is the cut to lean on when there are too few pairs to learn one.
 */
export function clusterWithAdaptiveThreshold(
  similarity: Float64Array,
  n: number,
  prior: number,
): { clusters: number[][]; threshold: number } {
  if (n < 2) return { clusters: n === 1 ? [[0]] : [], threshold: prior };
  const pairCount = (n * (n - 1)) / 2;
  let threshold = shrinkTowardPrior(meanPairwiseSimilarity(similarity, n), pairCount, prior);
  let clusters = averageLinkageClusters(similarity, n, threshold);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const means = withinAndBetweenMeans(similarity, n, clusters);
    if (means === null) break;
    const between = Math.max(means.between, means.within / (MAX_SEPARATION * MAX_SEPARATION));
    const next = shrinkTowardPrior(Math.sqrt(means.within * between), pairCount, prior);
    if (next === threshold) break;
    const nextClusters = averageLinkageClusters(similarity, n, next);
    threshold = next;
    if (samePartition(nextClusters, clusters)) break;
    clusters = nextClusters;
  }
  return { clusters, threshold };
}
