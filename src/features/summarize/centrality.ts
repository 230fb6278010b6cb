/**
 * TF-IDF vectors and TextRank centrality over their cosine-similarity graph, computed without ever materializing the
 * quadratic graph (see textRankCentrality).
 */

/** A sparse, L2-normalized vector; `ids` ascending. */
export interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
}

export interface TfIdfModel {
  vectors: SparseVector[];
  vocabulary: Map<string, number>;
  idf: Float64Array;
}

const DAMPING = 0.85;
const ITERATIONS = 30;
// Degrees below this are sentences sharing nothing with the rest (or float noise); they pass no rank on.
const EPSILON = 1e-12;

/** Build TF-IDF vectors for term lists, treating each list as one document for document frequency. */
export function buildTfIdf(termLists: readonly string[][]): TfIdfModel {
  const vocabulary = new Map<string, number>();
  const documentFrequency: number[] = [];
  for (const terms of termLists) {
    for (const term of new Set(terms)) {
      let id = vocabulary.get(term);
      if (id === undefined) {
        id = vocabulary.size;
        vocabulary.set(term, id);
        documentFrequency.push(0);
      }
      documentFrequency[id] = (documentFrequency[id] ?? 0) + 1;
    }
  }
  const n = termLists.length;
  const idf = Float64Array.from(documentFrequency, (df) => Math.log(1 + n / df));
  return { vocabulary, idf, vectors: termLists.map((terms) => vectorize(terms, vocabulary, idf)) };
}

/** Vector for any text's terms (a query, a heading) in an existing model; unknown terms are dropped. */
export function vectorize(terms: readonly string[], vocabulary: Map<string, number>, idf: Float64Array): SparseVector {
  const counts = new Map<number, number>();
  for (const term of terms) {
    const id = vocabulary.get(term);
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const ids = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
  const weights = Float64Array.from(ids, (id) => (1 + Math.log(counts.get(id) ?? 1)) * (idf[id] ?? 0));
  const norm = Math.sqrt(weights.reduce((sum, w) => sum + w * w, 0));
  if (norm > 0) for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] ?? 0) / norm;
  return { ids, weights };
}

/** Cosine similarity of two normalized sparse vectors. */
export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i] ?? 0;
    const y = b.ids[j] ?? 0;
    if (x === y) sum += (a.weights[i++] ?? 0) * (b.weights[j++] ?? 0);
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

/**
 * TextRank centrality of each vector in the cosine-similarity graph, scaled so the most central is 1.
 * The graph is never built: with unit vectors as the rows of V, its weights are S = V·Vᵀ − I, so each PageRank step is
 * two sparse products (O(non-zeros)) instead of O(n²). 200 pages, ~4,000 sentences, take milliseconds, exactly.
 */
export function textRankCentrality(vectors: readonly SparseVector[], vocabularySize?: number): Float64Array {
  const n = vectors.length;
  const size = vocabularySize ?? vectors.reduce((max, v) => Math.max(max, (v.ids.at(-1) ?? -1) + 1), 0);
  const self = Float64Array.from(vectors, (v) => v.weights.reduce((sum, w) => sum + w * w, 0));
  const similarityTimes = (x: Float64Array): Float64Array => {
    const termTotals = new Float64Array(size);
    vectors.forEach((v, i) => {
      const xi = x[i] ?? 0;
      if (xi !== 0) v.ids.forEach((id, t) => (termTotals[id] = (termTotals[id] ?? 0) + (v.weights[t] ?? 0) * xi));
    });
    return Float64Array.from(vectors, (v, i) => {
      let sum = 0;
      v.ids.forEach((id, t) => (sum += (v.weights[t] ?? 0) * (termTotals[id] ?? 0)));
      return Math.max(0, sum - (self[i] ?? 0) * (x[i] ?? 0)); // drop the self-loop; clamp float noise
    });
  };
  const degree = similarityTimes(new Float64Array(n).fill(1));
  let rank = new Float64Array(n).fill(1 / Math.max(1, n));
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const share = Float64Array.from(rank, (r, j) => ((degree[j] ?? 0) > EPSILON ? r / (degree[j] ?? 1) : 0));
    const spread = similarityTimes(share);
    rank = Float64Array.from(spread, (value) => (1 - DAMPING) / n + DAMPING * value);
  }
  const max = rank.reduce((a, b) => Math.max(a, b), 0);
  return max > 0 ? rank.map((r) => r / max) : rank;
}
