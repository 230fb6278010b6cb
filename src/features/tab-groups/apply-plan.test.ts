import { describe, expect, it } from "vitest";
import { planApply } from "./apply-plan";
import type { WindowTab } from "./tab-adapter";

function windowTab(id: number, extra: Partial<WindowTab> = {}): WindowTab {
  return { id, windowId: 1, title: `tab ${id}`, url: "", pinned: false, incognito: false, groupId: -1, favIconUrl: null, ...extra };
}

const window = [windowTab(1), windowTab(2), windowTab(3, { pinned: true }), windowTab(4), windowTab(5, { groupId: 9 })];

describe("planApply", () => {
  it("groups the window's unpinned tabs as asked, with trimmed names", () => {
    expect(
      planApply(
        [
          { name: " Rome Trip ", color: "red", tabIds: [1, 2] },
          { name: "Work", color: "blue", tabIds: [4, 5] },
        ],
        window,
      ),
    ).toEqual({
      groups: [
        { name: "Rome Trip", color: "red", tabIds: [1, 2] },
        { name: "Work", color: "blue", tabIds: [4, 5] },
      ],
      skippedTabIds: [],
    });
  });

  it("skips pinned tabs and tabs that are not in this window (closed, moved, another window)", () => {
    const plan = planApply([{ name: "A", color: "red", tabIds: [1, 3, 99] }], window);
    expect(plan.groups).toEqual([{ name: "A", color: "red", tabIds: [1] }]);
    expect(plan.skippedTabIds).toEqual([3, 99]);
  });

  it("puts a tab named twice in the first group only, and drops groups left empty", () => {
    const plan = planApply(
      [
        { name: "A", color: "red", tabIds: [1, 2] },
        { name: "B", color: "blue", tabIds: [2, 3] },
      ],
      window,
    );
    expect(plan.groups).toEqual([{ name: "A", color: "red", tabIds: [1, 2] }]);
    expect(plan.skippedTabIds).toEqual([3]);
  });

  it("groups nothing when no named tab belongs to the window", () => {
    expect(planApply([{ name: "A", color: "red", tabIds: [50, 51] }], window)).toEqual({ groups: [], skippedTabIds: [50, 51] });
  });
});
