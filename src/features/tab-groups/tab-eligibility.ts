/** Which tabs grouping may touch: the user's own arrangement (pinned tabs, existing groups) is left alone. */
import { TAB_GROUP_ID_NONE, type TabInput } from "./types";

/** True when the tab already sits in a tab group. */
export function isInGroup(tab: TabInput): boolean {
  return tab.groupId !== undefined && tab.groupId !== TAB_GROUP_ID_NONE;
}

/** True for tabs that suggestions and "find more" may offer to move: not pinned and not in a group yet. */
export function isSuggestable(tab: TabInput): boolean {
  return !tab.pinned && !isInGroup(tab);
}
