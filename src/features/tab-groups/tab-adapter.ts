/**
 * Turns what browser.tabs.query reports into what the clustering core and the popup need. Pure: it takes the few tab
 * fields it reads as a plain shape, so unit tests need no browser.
 */
import type { TabSummary } from "./protocol";
import { TAB_GROUP_ID_NONE, type TabInput } from "./types";

/** The fields of a browser tabs.Tab that grouping reads. */
export interface BrowserTabLike {
  id?: number | undefined;
  windowId?: number | undefined;
  title?: string | undefined;
  url?: string | undefined;
  pinned: boolean;
  incognito: boolean;
  groupId?: number | undefined;
  favIconUrl?: string | undefined;
}

/** A tab that can be grouped: it has an id and a window. */
export interface WindowTab extends TabInput {
  windowId: number;
  favIconUrl: string | null;
}

// A data: favicon is already in memory; anything else would be fetched when the popup shows it, and a fetch to the
// page's server is traffic the user did not ask for. Large ones are dropped to keep messages small.
const MAX_FAVICON_CHARS = 32_000;
const SAFE_FAVICON = /^data:image\/(png|x-icon|vnd\.microsoft\.icon|gif|jpeg|webp|svg\+xml)[;,]/i;

/** The favicon the popup may show, or null for the neutral icon. */
export function safeFavIcon(url: string | undefined): string | null {
  if (url === undefined || url.length > MAX_FAVICON_CHARS || !SAFE_FAVICON.test(url)) return null;
  return url;
}

/** Adapt one browser tab; null for a tab without an id or window (devtools, a tab being torn down). */
export function toWindowTab(tab: BrowserTabLike): WindowTab | null {
  if (tab.id === undefined || tab.windowId === undefined) return null;
  const url = tab.url ?? "";
  return {
    id: tab.id,
    windowId: tab.windowId,
    // A tab that has not loaded yet has no title; Firefox shows its address instead, and so do we.
    title: tab.title?.trim() || url,
    url,
    pinned: tab.pinned,
    incognito: tab.incognito,
    groupId: tab.groupId ?? TAB_GROUP_ID_NONE,
    favIconUrl: safeFavIcon(tab.favIconUrl),
  };
}

/** Adapt a window's tabs, keeping tab-strip order. */
export function toWindowTabs(tabs: readonly BrowserTabLike[]): WindowTab[] {
  return tabs.flatMap((tab) => {
    const adapted = toWindowTab(tab);
    return adapted ? [adapted] : [];
  });
}

/**
 * The clustering input for "Suggest groups". `regroup` lets tabs already in a group be suggested again; `exclude` is
 * the asking page's own tab (the popup opened as a tab), which should not group itself.
 */
export function clusteringInput(tabs: readonly WindowTab[], options: { regroup?: boolean; exclude?: number | null } = {}): TabInput[] {
  return tabs
    .filter((tab) => tab.id !== options.exclude)
    .map((tab) => ({
      id: tab.id,
      title: tab.title,
      url: tab.url,
      pinned: tab.pinned,
      incognito: tab.incognito,
      groupId: options.regroup === true ? TAB_GROUP_ID_NONE : tab.groupId,
    }));
}

/** What the popup shows of a tab. */
export function summarizeTab(tab: WindowTab): TabSummary {
  return { id: tab.id, title: tab.title, favIconUrl: tab.favIconUrl };
}
