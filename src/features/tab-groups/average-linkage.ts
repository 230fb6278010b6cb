/**
 * Average-linkage (UPGMA) agglomerative clustering on a similarity matrix, cut at a threshold: two clusters merge
 * while the mean similarity over all their cross pairs is at least the threshold.
 *
 * Average linkage, because a topic's tabs rarely all share one word (a trip's hotel page and flight page do not), so
 * complete linkage splits topics, while single linkage chains unrelated tabs through one stray shared word. Mean
 * similarity tolerates both.
 *
 * It runs as a nearest-neighbour chain, which is exact for average linkage (a reducible linkage) and needs O(n²)
 * time and no heap: follow nearest neighbours until two clusters are each other's nearest, merge them, continue.
 */

function tieRank(cluster: number, previous: number): number {
  return cluster === previous ? -1 : cluster;
}

/**
 * Partition items 0..n-1 given their symmetric n×n similarity matrix (row-major); returns clusters with members in
 * ascending order, clusters ordered by their first member. Singletons are included.
 */
export function averageLinkageClusters(similarity: Float64Array, n: number, threshold: number): number[][] {
  const sim = similarity.slice(0, n * n);
  const size = new Int32Array(n).fill(1);
  const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
  // Clusters that may still merge, in no particular order (removal swaps in the last one).
  const active = Int32Array.from({ length: n }, (_, i) => i);
  const positionInActive = Int32Array.from({ length: n }, (_, i) => i);
  let activeCount = n;
  const chain = new Int32Array(n);
  let chainLength = 0;

  const retire = (cluster: number): void => {
    const position = positionInActive[cluster] ?? 0;
    const last = active[activeCount - 1] ?? 0;
    active[position] = last;
    positionInActive[last] = position;
    activeCount--;
  };

  while (activeCount > 1) {
    if (chainLength === 0) chain[chainLength++] = active[0] ?? 0;
    const a = chain[chainLength - 1] ?? 0;
    const previous = chainLength >= 2 ? (chain[chainLength - 2] ?? -1) : -1;
    let best = -1;
    let bestSimilarity = -Infinity;
    for (let k = 0; k < activeCount; k++) {
      const c = active[k] ?? 0;
      if (c === a) continue;
      const s = sim[a * n + c] ?? 0;
      // On a tie the chain's previous cluster wins (the chain must not cycle), then the lower index.
      if (s > bestSimilarity || (s === bestSimilarity && tieRank(c, previous) < tieRank(best, previous))) {
        best = c;
        bestSimilarity = s;
      }
    }

    if (bestSimilarity < threshold) {
      // Merging only averages similarities, so nothing can bring this chain up to the threshold again.
      for (let k = 0; k < chainLength; k++) retire(chain[k] ?? 0);
      chainLength = 0;
      continue;
    }
    if (best !== previous) {
      chain[chainLength++] = best;
      continue;
    }

    chainLength -= 2;
    const b = best;
    const sizeA = size[a] ?? 1;
    const sizeB = size[b] ?? 1;
    retire(b);
    for (let k = 0; k < activeCount; k++) {
      const c = active[k] ?? 0;
      if (c === a) continue;
      const merged = (sizeA * (sim[a * n + c] ?? 0) + sizeB * (sim[b * n + c] ?? 0)) / (sizeA + sizeB);
      sim[a * n + c] = merged;
      sim[c * n + a] = merged;
    }
    size[a] = sizeA + sizeB;
    members[a] = [...(members[a] ?? []), ...(members[b] ?? [])];
    members[b] = [];
  }

  return members
    .filter((cluster) => cluster.length > 0)
    .map((cluster) => cluster.sort((x, y) => x - y))
    .sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0));
}
