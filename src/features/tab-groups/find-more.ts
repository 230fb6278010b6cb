/**
 * "Find more tabs for this group": rank the window's loose tabs by how well they fit a group the user already has.
 *
 * A tab is offered when three things hold. It shares at least one word with the group's tabs or name (a shared
 * website alone is not a shared topic). Its mean affinity to the group's tabs reaches the window-derived threshold
 * the clustering merges at (clustering would have let it join). And the group is its best home: a tab that sits in
 * a tighter cluster of other loose tabs about something else stays there. A loose cluster that as a whole fits the
 * group is no rival; it is more of the group.
 */
import { clusterWithAdaptiveThreshold } from "./adaptive-threshold";
import { analyseTabs, PRIOR_AFFINITY, type AnalysedTabs } from "./cluster-topics";
import { isSuggestable } from "./tab-eligibility";
import type { TabInput } from "./types";

export interface FindMoreOptions {
  /** The group's title, if the user gave it one: it counts as one more tab of the group. */
  groupName?: string;
  /** At most this many matches (all that fit when absent). */
  limit?: number;
}

export interface TabMatch {
  tabId: number;
  /** Mean affinity to the group's tabs, 0..1. */
  score: number;
}

// The pseudo-tab standing for the group's name gets an id no real tab has (Firefox tab ids are non-negative).
const GROUP_NAME_TAB_ID = -2;

function meanAffinity(affinity: Float64Array, n: number, i: number, others: readonly number[]): number {
  let sum = 0;
  let count = 0;
  for (const j of others) {
    if (j === i) continue;
    sum += affinity[i * n + j] ?? 0;
    count++;
  }
  return count === 0 ? 0 : sum / count;
}

function wordFeatures(analysed: AnalysedTabs, i: number): number[] {
  const { vectors } = analysed;
  const ids: number[] = [];
  for (let k = vectors.offsets[i] ?? 0; k < (vectors.offsets[i + 1] ?? 0); k++) {
    const id = vectors.featureIds[k] ?? 0;
    if (!(vectors.features[id] ?? "").includes(":")) ids.push(id);
  }
  return ids;
}

/**
 * Loose tabs that fit the group, best first (ties keep the order of `looseTabs`). Pinned tabs, tabs in another group
 * and tabs of the other privacy mode than the group's are never offered.
 */
export function findMoreTabs(
  groupTabs: readonly TabInput[],
  looseTabs: readonly TabInput[],
  options: FindMoreOptions = {},
): TabMatch[] {
  const incognito = groupTabs[0]?.incognito;
  if (incognito === undefined) return [];
  const members = groupTabs.filter((tab) => tab.incognito === incognito);
  const memberIds = new Set(members.map((tab) => tab.id));
  const candidates = looseTabs.filter((tab) => isSuggestable(tab) && tab.incognito === incognito && !memberIds.has(tab.id));
  if (candidates.length === 0) return [];
  const name = options.groupName?.trim() ?? "";
  if (name !== "") {
    members.push({ id: GROUP_NAME_TAB_ID, title: name, url: "", pinned: false, incognito });
    memberIds.add(GROUP_NAME_TAB_ID);
  }

  const analysed = analyseTabs([...members, ...candidates]);
  const { affinity } = analysed;
  const n = analysed.tabs.length;
  const { threshold } = clusterWithAdaptiveThreshold(affinity, n, PRIOR_AFFINITY);
  const groupIndices = analysed.tabs.flatMap((tab, i) => (memberIds.has(tab.id) ? [i] : []));
  const looseIndices = analysed.tabs.flatMap((tab, i) => (memberIds.has(tab.id) ? [] : [i]));

  // How the loose tabs would cluster among themselves, cut at the same threshold.
  const looseAffinity = new Float64Array(looseIndices.length * looseIndices.length);
  looseIndices.forEach((i, a) =>
    looseIndices.forEach((j, b) => (looseAffinity[a * looseIndices.length + b] = affinity[i * n + j] ?? 0)),
  );
  const rivalOf = new Map<number, number[]>();
  for (const cluster of clusterWithAdaptiveThreshold(looseAffinity, looseIndices.length, threshold).clusters) {
    const indices = cluster.map((a) => looseIndices[a] ?? 0);
    const fitsAsAWhole =
      indices.reduce((sum, i) => sum + meanAffinity(affinity, n, i, groupIndices), 0) / indices.length >= threshold;
    for (const i of indices) rivalOf.set(i, fitsAsAWhole ? [] : indices);
  }

  const groupWords = new Set(groupIndices.flatMap((i) => wordFeatures(analysed, i)));
  const candidateOrder = new Map(candidates.map((tab, index) => [tab.id, index]));
  const matches: TabMatch[] = [];
  for (const i of looseIndices) {
    const score = meanAffinity(affinity, n, i, groupIndices);
    const rivalScore = meanAffinity(affinity, n, i, rivalOf.get(i) ?? []);
    const tab = analysed.tabs[i];
    const sharesWord = wordFeatures(analysed, i).some((id) => groupWords.has(id));
    if (tab !== undefined && sharesWord && score >= threshold && score >= rivalScore) matches.push({ tabId: tab.id, score });
  }
  matches.sort((a, b) => b.score - a.score || (candidateOrder.get(a.tabId) ?? 0) - (candidateOrder.get(b.tabId) ?? 0));
  return options.limit === undefined ? matches : matches.slice(0, Math.max(0, options.limit));
}
