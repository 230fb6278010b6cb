/**
 * Decides which of the tabs a request names may really be grouped, against the window as it is now: time passes
 * between "Suggest" and "Apply", and a request names tab ids the background must not take on trust.
 */
import type { TabGroupColor } from "./types";
import type { WindowTab } from "./tab-adapter";

export interface GroupRequest {
  name: string;
  color: TabGroupColor;
  tabIds: readonly number[];
}

export interface PlannedGroup {
  name: string;
  color: TabGroupColor;
  /** Non-empty, each id once across the whole plan. */
  tabIds: number[];
}

export interface ApplyPlan {
  groups: PlannedGroup[];
  /** Ids left alone: not an unpinned tab of the window now (closed, moved away, pinned). */
  skippedTabIds: number[];
}

/**
 * Keep only the window's own unpinned tabs, each in the first group that names it, and drop groups left empty.
 * Tabs of any other window (a private one included) are never touched.
 */
export function planApply(requested: readonly GroupRequest[], windowTabs: readonly WindowTab[]): ApplyPlan {
  const groupable = new Set(windowTabs.filter((tab) => !tab.pinned).map((tab) => tab.id));
  const taken = new Set<number>();
  const skipped: number[] = [];
  const groups: PlannedGroup[] = [];
  for (const group of requested) {
    const tabIds: number[] = [];
    for (const tabId of group.tabIds) {
      if (groupable.has(tabId) && !taken.has(tabId)) {
        taken.add(tabId);
        tabIds.push(tabId);
      } else if (!skipped.includes(tabId)) {
        skipped.push(tabId);
      }
    }
    if (tabIds.length > 0) groups.push({ name: group.name.trim(), color: group.color, tabIds });
  }
  return { groups, skippedTabIds: skipped.filter((tabId) => !taken.has(tabId)) };
}
