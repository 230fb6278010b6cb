/**
 * Shapes shared by the tab-group clustering core. The background script adapts real `tabs.Tab` objects into
 * `TabInput`, so nothing here depends on browser types.
 */

/** Firefox's tabGroups colors, in the order the color picker shows them. */
export const TAB_GROUP_COLORS = ["blue", "cyan", "green", "grey", "orange", "pink", "purple", "red", "yellow"] as const;

export type TabGroupColor = (typeof TAB_GROUP_COLORS)[number];

/** Firefox marks an ungrouped tab with this groupId (tabGroups.TAB_GROUP_ID_NONE). */
export const TAB_GROUP_ID_NONE = -1;

/** One tab as the clustering core sees it. */
export interface TabInput {
  id: number;
  title: string;
  url: string;
  /** The page's meta description, when a content script has read it. */
  description?: string;
  pinned: boolean;
  incognito: boolean;
  /** The tab's current group; undefined or TAB_GROUP_ID_NONE when it is in none. */
  groupId?: number;
}

/** One suggested group, ready for the popup to show and for tabs.group() to apply. */
export interface GroupSuggestion {
  /** In the order the caller listed the tabs (tab strip order). */
  tabIds: number[];
  /** Key-word name, 1-3 words; a model may replace it later. */
  name: string;
  /** The words the name was picked from, best first, for the model prompt and for the UI. */
  keywords: string[];
  color: TabGroupColor;
  incognito: boolean;
}

/** What "Suggest groups" returns for one window. */
export interface GroupingResult {
  groups: GroupSuggestion[];
  /** Tabs considered but left alone because nothing else in the window resembles them. */
  ungroupedTabIds: number[];
}
