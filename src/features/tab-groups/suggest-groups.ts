/**
 * "Suggest groups" for one window: which of its tabs to consider, clustering private and normal tabs apart, and
 * turning clusters into named, colored suggestions in tab-strip order.
 */
import { clusterTopics, type TopicCluster } from "./cluster-topics";
import { assignGroupColors } from "./group-colors";
import { isSuggestable } from "./tab-eligibility";
import type { GroupingResult, TabGroupColor, TabInput } from "./types";

export interface SuggestGroupsOptions {
  /** Colors of the groups the window already has, so new groups avoid them. */
  usedColors?: readonly TabGroupColor[];
}

/**
 * Suggest groups for the ungrouped, unpinned tabs of a window (given in tab-strip order). Private and normal tabs
 * are clustered separately, with separate word statistics, and never share a group.
 */
export function suggestGroups(tabs: readonly TabInput[], options: SuggestGroupsOptions = {}): GroupingResult {
  const candidates = tabs.filter(isSuggestable);
  const stripPosition = new Map(tabs.map((tab, index) => [tab.id, index]));
  const byStrip = (a: TabInput, b: TabInput): number => (stripPosition.get(a.id) ?? 0) - (stripPosition.get(b.id) ?? 0);

  const clusters: { cluster: TopicCluster; incognito: boolean }[] = [];
  const grouped = new Set<number>();
  for (const incognito of [false, true]) {
    const { clusters: found } = clusterTopics(candidates.filter((tab) => tab.incognito === incognito));
    for (const cluster of found) {
      cluster.tabs.sort(byStrip);
      cluster.tabs.forEach((tab) => grouped.add(tab.id));
      clusters.push({ cluster, incognito });
    }
  }
  const firstPosition = (cluster: TopicCluster): number => stripPosition.get(cluster.tabs[0]?.id ?? -1) ?? 0;
  clusters.sort((a, b) => firstPosition(a.cluster) - firstPosition(b.cluster));

  const colors = assignGroupColors(
    clusters.map(({ cluster }) => cluster.name),
    options.usedColors,
  );
  return {
    groups: clusters.map(({ cluster, incognito }, index) => ({
      tabIds: cluster.tabs.map((tab) => tab.id),
      name: cluster.name,
      keywords: cluster.keywords,
      color: colors[index] ?? "blue",
      incognito,
    })),
    ungroupedTabIds: candidates.filter((tab) => !grouped.has(tab.id)).map((tab) => tab.id),
  };
}
