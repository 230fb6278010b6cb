/**
 * The clustering pipeline for one set of tabs that may be grouped together: words → TF-IDF vectors → cosine
 * similarities → average linkage cut at the window's own threshold → key words per cluster.
 *
 * Tabs are put in a canonical order first (by URL, title, description, id), so the result does not depend on the
 * order the caller lists them in.
 */
import { clusterWithAdaptiveThreshold } from "./adaptive-threshold";
import { describeCluster } from "./group-naming";
import { tabTerms, type TabTerms } from "./tab-terms";
import type { TabInput } from "./types";
import { similarityMatrix, vectorizeTabs, type TabVectors } from "./vectorize";

export interface TopicCluster {
  /** In canonical order. */
  tabs: TabInput[];
  keywords: string[];
  name: string;
}

export interface TopicClustering {
  /** Clusters of two or more tabs. */
  clusters: TopicCluster[];
  /** Tabs that resemble nothing else closely enough, in canonical order. */
  loners: TabInput[];
  /** The affinity a cluster's tabs had to reach on average, for diagnostics and tests. */
  threshold: number;
}

// Two short titles that share one distinctive word out of about ten have a cosine near 0.1: in a window too small to
// learn a threshold from, that is about the least that should make them a group.
const PRIOR_COSINE = 0.1;
/** The affinity cut that tiny windows lean on (affinities are square roots of cosines). */
export const PRIOR_AFFINITY = Math.sqrt(PRIOR_COSINE);

/** A window's tabs analysed once: canonical order, terms, vectors and pairwise affinities. */
export interface AnalysedTabs {
  tabs: TabInput[];
  terms: TabTerms[];
  vectors: TabVectors;
  /** Square roots of the cosine similarities, n×n: what the linkage averages. */
  affinity: Float64Array;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Total order on tabs that depends only on what they are, not on where the caller listed them. */
export function compareTabsCanonically(a: TabInput, b: TabInput): number {
  return (
    compareText(a.url, b.url) ||
    compareText(a.title, b.title) ||
    compareText(a.description ?? "", b.description ?? "") ||
    a.id - b.id
  );
}

/** Sort, tokenize, vectorize and compare the tabs of one window. */
export function analyseTabs(tabs: readonly TabInput[]): AnalysedTabs {
  const ordered = [...tabs].sort(compareTabsCanonically);
  const terms = ordered.map((tab) => tabTerms(tab));
  const vectors = vectorizeTabs(terms);
  // Square roots before averaging: the linkage then weighs how many tabs tie a tab to a cluster over how strongly one
  // of them does (power-mean linkage with p = 1/2, between average linkage and geometric-mean linkage), so one stray
  // shared word, like "Berlin" in a flight search and a weather page, rarely carries a merge on its own.
  const affinity = similarityMatrix(vectors).map(Math.sqrt);
  return { tabs: ordered, terms, vectors, affinity };
}

/** Cluster tabs by topic. The caller decides which tabs may be grouped together (see suggestGroups). */
export function clusterTopics(tabs: readonly TabInput[]): TopicClustering {
  const analysed = analyseTabs(tabs);
  const { clusters, threshold } = clusterWithAdaptiveThreshold(analysed.affinity, analysed.tabs.length, PRIOR_AFFINITY);
  const result: TopicClustering = { clusters: [], loners: [], threshold };
  for (const members of clusters) {
    const memberTabs = members.map((i) => analysed.tabs[i]).filter((tab) => tab !== undefined);
    if (memberTabs.length < 2) {
      result.loners.push(...memberTabs);
      continue;
    }
    result.clusters.push({ tabs: memberTabs, ...describeCluster(members, analysed.terms, analysed.vectors) });
  }
  return result;
}
