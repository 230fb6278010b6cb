/**
 * Messages of the tab-groups feature; messages.ts merges these tables into the background's. Only Hearth's own pages
 * (the popup) may send them: tab titles and group changes are not a web page's business.
 */
import * as v from "valibot";
import { request, stream, type RequestDef, type StreamDef } from "../../shared/protocol/contract";
import type { GroupNameRejection } from "./group-name-prompt";
import { TAB_GROUP_COLORS, type TabGroupColor } from "./types";

const pagesOnly = ["extension-page"] as const;

const id = v.pipe(v.number(), v.integer(), v.minValue(0));
const tabIds = v.pipe(v.array(id), v.minLength(1), v.maxLength(500));
/** Firefox shows a group title in the tab strip; longer than this is no longer a name. */
export const MAX_GROUP_NAME_CHARS = 60;
const groupName = v.pipe(v.string(), v.maxLength(MAX_GROUP_NAME_CHARS));
const color = v.picklist(TAB_GROUP_COLORS);

/** One tab as the popup shows it. `favIconUrl` is only ever a data: URL, so showing it loads nothing. */
export interface TabSummary {
  id: number;
  title: string;
  favIconUrl: string | null;
}

/** One suggested group, with a key-word name the model may later replace. */
export interface SuggestedGroup {
  name: string;
  keywords: string[];
  color: TabGroupColor;
  tabs: TabSummary[];
}

/** A group the window already has, offered for "Find more tabs". */
export interface ExistingGroup {
  groupId: number;
  title: string;
  color: TabGroupColor;
  tabCount: number;
}

export interface SuggestReply {
  groups: SuggestedGroup[];
  /** Tabs considered but resembling nothing else. */
  ungrouped: TabSummary[];
  existingGroups: ExistingGroup[];
}

export interface ApplyReply {
  /** Pass to "tabs/undo" to ungroup exactly what this apply grouped. */
  undoToken: string;
  groupIds: number[];
  groupedTabCount: number;
  /** Tabs that closed, moved to another window or were pinned since the suggestion; they were left alone. */
  skippedTabIds: number[];
}

export interface UndoReply {
  ungroupedTabCount: number;
}

/** What the model made of one group's name: a usable name, or why the key-word name stays. */
export type NameGroupsChunk =
  | { kind: "no-model" }
  /** A model is loaded and naming has begun. */
  | { kind: "started" }
  | { kind: "named"; index: number; name: string }
  /** "failed": the engine failed; "no-room": the model's context is too small for even one title. */
  | { kind: "kept"; index: number; reason: GroupNameRejection | "failed" | "no-room" };

/** Requests the background answers for this feature. */
export const requests = {
  /** Suggest groups for a window's loose tabs (or all unpinned tabs with `regroup`). */
  "tabs/suggest": request<SuggestReply>()(
    v.strictObject({ windowId: id, regroup: v.optional(v.boolean()) }),
    pagesOnly,
  ),
  /** Create the groups the user accepted, named and colored as edited. */
  "tabs/apply": request<ApplyReply>()(
    v.strictObject({
      windowId: id,
      groups: v.pipe(
        v.array(v.strictObject({ name: groupName, color, tabIds })),
        v.minLength(1),
        v.maxLength(50),
      ),
    }),
    pagesOnly,
  ),
  /** Ungroup what one apply (or add-to-group) did, leaving tabs the user has moved since alone. */
  "tabs/undo": request<UndoReply>()(
    v.strictObject({ token: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) }),
    pagesOnly,
  ),
  /** Loose tabs of the group's window that fit an existing group, best first. */
  "tabs/find-more": request<TabSummary[]>()(v.strictObject({ groupId: id }), pagesOnly),
  /** Add tabs of the same window to an existing group; the reply is an undo token. */
  "tabs/add-to-group": request<ApplyReply>()(v.strictObject({ groupId: id, tabIds }), pagesOnly),
} as const satisfies Record<string, RequestDef<v.GenericSchema, unknown>>;

/** Streams the background produces for this feature. */
export const streams = {
  /**
   * Ask the loaded model for a nicer name per group (by index into `groups`): "started", then one chunk per group
   * as each answer arrives; a single "no-model" chunk when no model is loaded. The background reads the titles.
   */
  "tabs/name-groups": stream<NameGroupsChunk>()(
    v.strictObject({
      windowId: id,
      groups: v.pipe(
        v.array(v.strictObject({ tabIds, keywords: v.pipe(v.array(v.pipe(v.string(), v.maxLength(60))), v.maxLength(10)) })),
        v.minLength(1),
        v.maxLength(50),
      ),
    }),
    pagesOnly,
  ),
} as const satisfies Record<string, StreamDef<v.GenericSchema, unknown>>;

/** Requests a tab's content script answers for this feature. */
export const contentRequests = {} satisfies Record<string, RequestDef<v.GenericSchema, unknown>>;
