import { describe, expect, it } from "vitest";
import { clusteringInput, safeFavIcon, summarizeTab, toWindowTab, toWindowTabs, type BrowserTabLike } from "./tab-adapter";
import { suggestGroups } from "./suggest-groups";
import { TAB_GROUP_ID_NONE } from "./types";

const PNG = "data:image/png;base64,iVBORw0KGgo=";

function tab(id: number, title: string, extra: Partial<BrowserTabLike> = {}): BrowserTabLike {
  return { id, windowId: 7, title, url: `https://example.org/${id}`, pinned: false, incognito: false, groupId: -1, ...extra };
}

describe("safeFavIcon", () => {
  it("keeps data: image favicons and drops everything that would be fetched", () => {
    expect(safeFavIcon(PNG)).toBe(PNG);
    expect(safeFavIcon("data:image/svg+xml,%3Csvg%2F%3E")).toBe("data:image/svg+xml,%3Csvg%2F%3E");
    expect(safeFavIcon("https://example.org/favicon.ico")).toBeNull();
    expect(safeFavIcon("http://127.0.0.1/favicon.ico")).toBeNull();
    expect(safeFavIcon("moz-extension://abc/icon.png")).toBeNull();
    expect(safeFavIcon("chrome://branding/content/icon32.png")).toBeNull();
    expect(safeFavIcon("data:text/html,<script>alert(1)</script>")).toBeNull();
    expect(safeFavIcon(undefined)).toBeNull();
    expect(safeFavIcon(`data:image/png;base64,${"A".repeat(40_000)}`)).toBeNull();
  });
});

describe("toWindowTab", () => {
  it("adapts the fields grouping reads", () => {
    expect(toWindowTab(tab(3, " Rome hotels ", { favIconUrl: PNG, groupId: 12, pinned: true, incognito: true }))).toEqual({
      id: 3,
      windowId: 7,
      title: "Rome hotels",
      url: "https://example.org/3",
      pinned: true,
      incognito: true,
      groupId: 12,
      favIconUrl: PNG,
    });
  });

  it("falls back to the address for an untitled tab and to no group when groupId is missing", () => {
    const adapted = toWindowTab({ id: 1, windowId: 2, url: "https://example.org/a", pinned: false, incognito: false });
    expect(adapted?.title).toBe("https://example.org/a");
    expect(adapted?.groupId).toBe(TAB_GROUP_ID_NONE);
    expect(adapted?.favIconUrl).toBeNull();
  });

  it("skips tabs without an id or a window, keeping strip order for the rest", () => {
    const tabs = toWindowTabs([tab(5, "a"), { ...tab(6, "b"), id: undefined }, { ...tab(7, "c"), windowId: undefined }, tab(8, "d")]);
    expect(tabs.map((t) => t.id)).toEqual([5, 8]);
  });
});

describe("clusteringInput", () => {
  const window = toWindowTabs([
    tab(1, "Rome hotels near the Colosseum", { groupId: 40 }),
    tab(2, "Rome hotels with breakfast"),
    tab(3, "Best Rome hotels for families"),
    tab(4, "Hearth", { url: "moz-extension://uuid/popup/index.html" }),
  ]);

  it("keeps existing groups out of suggestions unless asked to regroup", () => {
    expect(suggestGroups(clusteringInput(window)).groups.map((g) => g.tabIds)).toEqual([[2, 3]]);
    expect(suggestGroups(clusteringInput(window, { regroup: true })).groups.map((g) => g.tabIds)).toEqual([[1, 2, 3]]);
  });

  it("leaves out the asking page's own tab", () => {
    expect(clusteringInput(window, { exclude: 4 }).map((t) => t.id)).toEqual([1, 2, 3]);
    expect(clusteringInput(window, { exclude: null }).map((t) => t.id)).toEqual([1, 2, 3, 4]);
  });

  it("summarizes a tab for the popup with only id, title and the safe favicon", () => {
    const [first] = toWindowTabs([tab(9, "x", { favIconUrl: "https://evil.example/track.gif" })]);
    expect(first && summarizeTab(first)).toEqual({ id: 9, title: "x", favIconUrl: null });
  });
});
