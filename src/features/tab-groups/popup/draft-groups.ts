/**
 * The popup's editable copy of a suggestion: the user renames, recolors, moves tabs between groups and drops groups
 * before applying. Pure and immutable (every edit returns a new draft) so the rules are unit-tested without a DOM.
 */
import type { SuggestReply, TabSummary } from "../protocol";
import type { TabGroupColor } from "../types";

/** Where a group's shown name came from; a name the user typed is never replaced by a late model answer. */
export type NameSource = "keywords" | "model" | "user";

export interface DraftGroup {
  /** The group's index in the suggestion; stable while editing, and what "tabs/name-groups" answers refer to. */
  key: number;
  name: string;
  /** The key-word name, used again when the user clears the name. */
  keywordName: string;
  keywords: string[];
  nameSource: NameSource;
  color: TabGroupColor;
  tabIds: number[];
}

export interface Draft {
  groups: DraftGroup[];
  /** Tabs in no group, in the order they arrived there. */
  ungrouped: number[];
  tabs: ReadonlyMap<number, TabSummary>;
}

/** A draft of every suggested group, with key-word names. */
export function draftFromSuggestion(reply: SuggestReply): Draft {
  const tabs = new Map<number, TabSummary>();
  for (const tab of [...reply.groups.flatMap((group) => group.tabs), ...reply.ungrouped]) tabs.set(tab.id, tab);
  return {
    groups: reply.groups.map((group, key) => ({
      key,
      name: group.name,
      keywordName: group.name,
      keywords: [...group.keywords],
      nameSource: "keywords",
      color: group.color,
      tabIds: group.tabs.map((tab) => tab.id),
    })),
    ungrouped: reply.ungrouped.map((tab) => tab.id),
    tabs,
  };
}

function updateGroup(draft: Draft, key: number, change: (group: DraftGroup) => DraftGroup): Draft {
  return { ...draft, groups: draft.groups.map((group) => (group.key === key ? change(group) : group)) };
}

/** The group a tab is in, or null when it is ungrouped (or unknown). */
export function groupOfTab(draft: Draft, tabId: number): DraftGroup | null {
  return draft.groups.find((group) => group.tabIds.includes(tabId)) ?? null;
}

/** Move a tab to the group `toKey`, or out of every group with null. Unknown tabs and groups change nothing. */
export function moveTab(draft: Draft, tabId: number, toKey: number | null): Draft {
  if (!draft.tabs.has(tabId)) return draft;
  if (toKey !== null && !draft.groups.some((group) => group.key === toKey)) return draft;
  if ((groupOfTab(draft, tabId)?.key ?? null) === toKey) return draft;
  return {
    ...draft,
    groups: draft.groups.map((group) => {
      const without = group.tabIds.filter((id) => id !== tabId);
      return { ...group, tabIds: group.key === toKey ? [...without, tabId] : without };
    }),
    ungrouped: toKey === null ? [...draft.ungrouped, tabId] : draft.ungrouped.filter((id) => id !== tabId),
  };
}

/** Drop a group; its tabs become ungrouped. */
export function dropGroup(draft: Draft, key: number): Draft {
  const dropped = draft.groups.find((group) => group.key === key);
  if (!dropped) return draft;
  return {
    ...draft,
    groups: draft.groups.filter((group) => group.key !== key),
    ungrouped: [...draft.ungrouped, ...dropped.tabIds],
  };
}

/** The user typed a name. */
export function renameGroup(draft: Draft, key: number, name: string): Draft {
  return updateGroup(draft, key, (group) => ({ ...group, name, nameSource: "user" }));
}

/** The user picked a color. */
export function recolorGroup(draft: Draft, key: number, color: TabGroupColor): Draft {
  return updateGroup(draft, key, (group) => ({ ...group, color }));
}

/** The model's name arrived: shown unless the user has named the group already. */
export function applyModelName(draft: Draft, key: number, name: string): Draft {
  return updateGroup(draft, key, (group) => (group.nameSource === "user" ? group : { ...group, name, nameSource: "model" }));
}

/** The groups to send to "tabs/apply": only groups that still have tabs; a cleared name falls back to the key words. */
export function toApplyGroups(draft: Draft): { name: string; color: TabGroupColor; tabIds: number[] }[] {
  return draft.groups
    .filter((group) => group.tabIds.length > 0)
    .map((group) => ({ name: group.name.trim() || group.keywordName, color: group.color, tabIds: [...group.tabIds] }));
}
