/**
 * Adjusted Rand index (Hubert & Arabie, 1985): agreement between two partitions of the same items, corrected for
 * chance. 1 means identical partitions, about 0 means no better than random labels; it can go negative.
 */

function pairs(count: number): number {
  return (count * (count - 1)) / 2;
}

function countBy<T>(values: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/**
 * ARI of two labelings of the same items (labels only need to be comparable with ===).
 * @example adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]) ≈ 0.571
 */
export function adjustedRandIndex<A, B>(truth: readonly A[], predicted: readonly B[]): number {
  if (truth.length !== predicted.length) throw new RangeError("Both labelings must cover the same items.");
  const n = truth.length;
  const joint = new Map<A, Map<B, number>>();
  truth.forEach((label, i) => {
    const row = joint.get(label) ?? new Map<B, number>();
    const other = predicted[i] as B;
    row.set(other, (row.get(other) ?? 0) + 1);
    joint.set(label, row);
  });
  let sumJoint = 0;
  for (const row of joint.values()) for (const count of row.values()) sumJoint += pairs(count);
  const sumTruth = [...countBy(truth).values()].reduce((sum, count) => sum + pairs(count), 0);
  const sumPredicted = [...countBy(predicted).values()].reduce((sum, count) => sum + pairs(count), 0);
  const expected = pairs(n) === 0 ? 0 : (sumTruth * sumPredicted) / pairs(n);
  const maximum = (sumTruth + sumPredicted) / 2;
  // Both labelings put every item alone, or both put all items together: the index is undefined; they agree.
  if (maximum === expected) return sumJoint === maximum ? 1 : 0;
  return (sumJoint - expected) / (maximum - expected);
}
