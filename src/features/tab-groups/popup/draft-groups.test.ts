import { describe, expect, it } from "vitest";
import type { SuggestReply } from "../protocol";
import {
  applyModelName,
  draftFromSuggestion,
  dropGroup,
  groupOfTab,
  moveTab,
  recolorGroup,
  renameGroup,
  toApplyGroups,
} from "./draft-groups";

const tab = (id: number) => ({ id, title: `Tab ${id}`, favIconUrl: null });

const reply: SuggestReply = {
  groups: [
    { name: "Rome", keywords: ["Rome", "Hotels"], color: "red", tabs: [tab(1), tab(2), tab(3)] },
    { name: "Sourdough", keywords: ["Sourdough"], color: "yellow", tabs: [tab(4), tab(5)] },
  ],
  ungrouped: [tab(6)],
  existingGroups: [],
};

describe("draft groups", () => {
  const draft = draftFromSuggestion(reply);

  it("starts from the suggestion with key-word names", () => {
    expect(draft.groups.map((g) => [g.key, g.name, g.nameSource, g.tabIds])).toEqual([
      [0, "Rome", "keywords", [1, 2, 3]],
      [1, "Sourdough", "keywords", [4, 5]],
    ]);
    expect(draft.ungrouped).toEqual([6]);
    expect([...draft.tabs.keys()].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("moves a tab between groups, out of every group, and back in", () => {
    const moved = moveTab(draft, 2, 1);
    expect(groupOfTab(moved, 2)?.key).toBe(1);
    expect(moved.groups.map((g) => g.tabIds)).toEqual([[1, 3], [4, 5, 2]]);
    const loose = moveTab(moved, 2, null);
    expect(groupOfTab(loose, 2)).toBeNull();
    expect(loose.ungrouped).toEqual([6, 2]);
    const back = moveTab(loose, 6, 0);
    expect(back.groups[0]?.tabIds).toEqual([1, 3, 6]);
    expect(back.ungrouped).toEqual([2]);
    // The original draft is untouched.
    expect(draft.groups[0]?.tabIds).toEqual([1, 2, 3]);
  });

  it("ignores moves of unknown tabs, to unknown groups, or to where the tab already is", () => {
    expect(moveTab(draft, 99, 0)).toBe(draft);
    expect(moveTab(draft, 1, 42)).toBe(draft);
    expect(moveTab(draft, 1, 0)).toBe(draft);
    expect(moveTab(draft, 6, null)).toBe(draft);
  });

  it("drops a group, leaving its tabs ungrouped", () => {
    const dropped = dropGroup(draft, 0);
    expect(dropped.groups.map((g) => g.key)).toEqual([1]);
    expect(dropped.ungrouped).toEqual([6, 1, 2, 3]);
  });

  it("never lets a late model name replace a name the user typed", () => {
    const typed = renameGroup(draft, 0, "Holiday");
    expect(applyModelName(typed, 0, "Rome Trip").groups[0]).toMatchObject({ name: "Holiday", nameSource: "user" });
    expect(applyModelName(draft, 1, "Bread Baking").groups[1]).toMatchObject({ name: "Bread Baking", nameSource: "model" });
  });

  it("sends only groups with tabs, with edited colors and a key-word name for a cleared one", () => {
    let edited = recolorGroup(draft, 1, "blue");
    edited = renameGroup(edited, 0, "   ");
    edited = moveTab(moveTab(edited, 4, null), 5, 0);
    expect(toApplyGroups(edited)).toEqual([{ name: "Rome", color: "red", tabIds: [1, 2, 3, 5] }]);
  });
});
