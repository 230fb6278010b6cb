/**
 * TF-IDF vectors over one window's tabs, stored sparse (compressed rows in typed arrays), and their cosine
 * similarities. The host is one more feature: its weight is fixed below a title word's, and like any word it loses
 * weight as more tabs share it, so thirty github.com tabs still split by what their titles say.
 */
import type { TabTerms } from "./tab-terms";

/** Sparse, L2-normalized rows: row i's features are featureIds[offsets[i] .. offsets[i+1]). */
export interface TabVectors {
  count: number;
  /** Feature id → feature key: a term, or "host:..." / "site:..." (terms never contain ":"). */
  features: string[];
  offsets: Int32Array;
  featureIds: Int32Array;
  weights: Float64Array;
  /** Inverse document frequency per feature id. */
  idf: Float64Array;
}

// A tab's host says less about its topic than a word of its title; the registrable site (google.com for
// docs.google.com and mail.google.com) says less still.
const HOST_WEIGHT = 0.5;
const SITE_WEIGHT = 0.3;
// IDF is computed as if the window also held this many tabs that share nothing: in a 3-tab window a word every tab
// shares is the very reason to group them, not a stop word.
const PRIOR_TABS = 10;

function rawFeatures(terms: TabTerms): Map<string, number> {
  const features = new Map<string, number>();
  // Square-root damping: a word repeated in title, path and description counts more, but not three times more.
  for (const [term, count] of terms.counts) features.set(term, Math.sqrt(count));
  if (terms.host !== "") features.set(`host:${terms.host}`, HOST_WEIGHT);
  if (terms.site !== "" && terms.site !== terms.host) features.set(`site:${terms.site}`, SITE_WEIGHT);
  return features;
}

/** Build normalized TF-IDF vectors for the tabs of one window; feature ids are assigned in sorted key order. */
export function vectorizeTabs(tabs: readonly TabTerms[]): TabVectors {
  const perTab = tabs.map((terms) => (terms.isBlank ? new Map<string, number>() : rawFeatures(terms)));
  const documentFrequency = new Map<string, number>();
  for (const features of perTab) {
    for (const key of features.keys()) documentFrequency.set(key, (documentFrequency.get(key) ?? 0) + 1);
  }
  const features = [...documentFrequency.keys()].sort();
  const idOf = new Map(features.map((key, id) => [key, id]));
  const idf = new Float64Array(features.length);
  features.forEach((key, id) => {
    idf[id] = Math.log((tabs.length + PRIOR_TABS) / (documentFrequency.get(key) ?? 1));
  });

  const offsets = new Int32Array(tabs.length + 1);
  let total = 0;
  perTab.forEach((row, i) => {
    total += row.size;
    offsets[i + 1] = total;
  });
  const featureIds = new Int32Array(total);
  const weights = new Float64Array(total);
  perTab.forEach((row, i) => {
    const ids = [...row.keys()].map((key) => idOf.get(key) ?? 0).sort((a, b) => a - b);
    const start = offsets[i] ?? 0;
    let normSquared = 0;
    ids.forEach((id, k) => {
      const weight = (row.get(features[id] ?? "") ?? 0) * (idf[id] ?? 0);
      featureIds[start + k] = id;
      weights[start + k] = weight;
      normSquared += weight * weight;
    });
    const norm = Math.sqrt(normSquared);
    if (norm > 0) for (let k = start; k < start + ids.length; k++) weights[k] = (weights[k] ?? 0) / norm;
  });
  return { count: tabs.length, features, offsets, featureIds, weights, idf };
}

/**
 * All pairwise cosine similarities as a dense symmetric n×n matrix (diagonal 1 for non-empty tabs). Dot products
 * go through an inverted index, so the cost follows the pairs that share a feature rather than n² × row length.
 */
export function similarityMatrix(vectors: TabVectors): Float64Array {
  const n = vectors.count;
  const { offsets, featureIds, weights } = vectors;
  const postingStart = new Int32Array(vectors.features.length + 1);
  for (let k = 0; k < featureIds.length; k++) postingStart[(featureIds[k] ?? 0) + 1]! += 1;
  for (let f = 0; f < vectors.features.length; f++) postingStart[f + 1]! += postingStart[f] ?? 0;
  const fill = postingStart.slice(0, vectors.features.length);
  const postingTab = new Int32Array(featureIds.length);
  const postingWeight = new Float64Array(featureIds.length);
  for (let i = 0; i < n; i++) {
    for (let k = offsets[i] ?? 0; k < (offsets[i + 1] ?? 0); k++) {
      const f = featureIds[k] ?? 0;
      const slot = fill[f]!++;
      postingTab[slot] = i;
      postingWeight[slot] = weights[k] ?? 0;
    }
  }

  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let k = offsets[i] ?? 0; k < (offsets[i + 1] ?? 0); k++) {
      const f = featureIds[k] ?? 0;
      const w = weights[k] ?? 0;
      // Postings are in tab order, so j > i only needs the tail of the list.
      for (let p = (postingStart[f + 1] ?? 0) - 1; p >= (postingStart[f] ?? 0); p--) {
        const j = postingTab[p] ?? 0;
        if (j <= i) break;
        matrix[row + j]! += w * (postingWeight[p] ?? 0);
      }
    }
    for (let j = i + 1; j < n; j++) matrix[j * n + i] = matrix[row + j] ?? 0;
    if ((offsets[i + 1] ?? 0) > (offsets[i] ?? 0)) matrix[row + i] = 1;
  }
  return matrix;
}
