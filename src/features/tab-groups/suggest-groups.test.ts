import { describe, expect, it } from "vitest";
import { adjustedRandIndex } from "./adjusted-rand-index";
import { LABELED_TABS, type FixtureTopic, type LabeledTab } from "../../../tests/fixtures/tab-groups/labeled-tabs";
import { suggestGroups } from "./suggest-groups";
import { TAB_GROUP_COLORS, type GroupingResult, type TabInput } from "./types";

type FixtureTab = TabInput & { topic: FixtureTopic | null };

function windowOf(labeled: readonly LabeledTab[], firstId = 1, extra: Partial<TabInput> = {}): FixtureTab[] {
  return labeled.map((tab, i) => ({ ...tab, id: firstId + i, pinned: false, incognito: false, ...extra }));
}

/** ARI of the suggestion against the fixture's topics; every ungrouped tab and every singleton is its own cluster. */
function ariAgainstTopics(tabs: readonly FixtureTab[], result: GroupingResult): number {
  const groupOf = new Map<number, number>();
  result.groups.forEach((group, g) => group.tabIds.forEach((id) => groupOf.set(id, g)));
  return adjustedRandIndex(
    tabs.map((tab) => tab.topic ?? `alone-${tab.id}`),
    tabs.map((tab) => groupOf.get(tab.id) ?? `alone-${tab.id}`),
  );
}

/** The partition as sorted id lists, sorted, so two results compare regardless of order. */
function partition(result: GroupingResult): string[] {
  return result.groups.map((group) => [...group.tabIds].sort((a, b) => a - b).join(",")).sort();
}

// Deterministic shuffle (mulberry32-driven Fisher-Yates) so a failing order can be replayed.
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function groupContaining(result: GroupingResult, id: number): number[] | undefined {
  return result.groups.find((group) => group.tabIds.includes(id))?.tabIds;
}

const fixture = windowOf(LABELED_TABS);
const idOfTitle = (start: string): number => fixture.find((tab) => tab.title.startsWith(start))?.id ?? -1;

describe("suggestGroups on the labeled fixture", () => {
  const result = suggestGroups(fixture);

  it("recovers the topics with an adjusted Rand index of at least 0.8", () => {
    const ari = ariAgainstTopics(fixture, result);
    console.log(`Tab-group clustering ARI on the ${fixture.length}-tab fixture: ${ari.toFixed(3)}`);
    expect(ari).toBeGreaterThanOrEqual(0.8);
  });

  it("splits one big host by topic: github.com and docs.google.com tabs land in different groups", () => {
    const axum = groupContaining(result, idOfTitle("GitHub - tokio-rs/axum"));
    const jellyfin = groupContaining(result, idOfTitle("GitHub - jellyfin/jellyfin"));
    expect(axum).toBeDefined();
    expect(jellyfin).toBeDefined();
    expect(axum).not.toEqual(jellyfin);
    const sheets = ["Japan trip itinerary", "Laptop comparison", "Spanish vocabulary list"].map((title) =>
      groupContaining(result, idOfTitle(title)),
    );
    expect(sheets.every((group) => group !== undefined)).toBe(true);
    expect(new Set(sheets.map((group) => group?.join(","))).size).toBe(3);
  });

  it("accounts for every tab exactly once and never suggests a group of one", () => {
    const ids = [...result.groups.flatMap((group) => group.tabIds), ...result.ungroupedTabIds].sort((a, b) => a - b);
    expect(ids).toEqual(fixture.map((tab) => tab.id));
    expect(result.groups.every((group) => group.tabIds.length >= 2)).toBe(true);
  });

  it("lists groups and their tabs in tab-strip order", () => {
    const firsts = result.groups.map((group) => group.tabIds[0] ?? 0);
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
    for (const group of result.groups) expect(group.tabIds).toEqual([...group.tabIds].sort((a, b) => a - b));
  });

  it("names groups in 1-3 words and gives distinct colors while the palette lasts", () => {
    for (const group of result.groups) {
      expect(group.name.split(" ").length).toBeGreaterThanOrEqual(1);
      expect(group.name.split(" ").length).toBeLessThanOrEqual(3);
      expect(group.name.trim()).toBe(group.name);
      expect(TAB_GROUP_COLORS).toContain(group.color);
    }
    expect(result.groups.length).toBeLessThanOrEqual(TAB_GROUP_COLORS.length);
    expect(new Set(result.groups.map((group) => group.color)).size).toBe(result.groups.length);
  });

  it("stays accurate on sub-windows, so the threshold is learned per window rather than fitted to this one", () => {
    const topics = [...new Set(LABELED_TABS.flatMap((tab) => (tab.topic === null ? [] : [tab.topic])))];
    const windows: FixtureTopic[][] = [];
    for (let i = 0; i < topics.length; i++) {
      windows.push([topics[i] as FixtureTopic]);
      windows.push(topics.filter((_, k) => k !== i));
      for (let j = i + 1; j < topics.length; j++) windows.push([topics[i] as FixtureTopic, topics[j] as FixtureTopic]);
    }
    const scores = windows.map((chosen) => {
      const tabs = fixture.filter((tab) => tab.topic === null || chosen.includes(tab.topic));
      return ariAgainstTopics(tabs, suggestGroups(tabs));
    });
    const mean = scores.reduce((sum, score) => sum + score, 0) / scores.length;
    console.log(`Mean ARI over ${scores.length} sub-windows of the fixture: ${mean.toFixed(3)}`);
    expect(mean).toBeGreaterThanOrEqual(0.75);
  });
});

describe("suggestGroups is deterministic", () => {
  it("returns the same suggestion for the same window", () => {
    expect(suggestGroups(fixture)).toEqual(suggestGroups(windowOf(LABELED_TABS)));
  });

  it("finds the same partition, names and key words whatever the tab order", () => {
    const reference = suggestGroups(fixture);
    const namesById = (result: GroupingResult): Map<string, string> =>
      new Map(result.groups.map((group) => [[...group.tabIds].sort((a, b) => a - b).join(","), group.name]));
    for (const seed of [1, 2, 3, 42]) {
      const result = suggestGroups(shuffled(fixture, seed));
      expect(partition(result)).toEqual(partition(reference));
      expect(namesById(result)).toEqual(namesById(reference));
    }
  });
});

describe("suggestGroups respects what the user already arranged", () => {
  it("leaves pinned tabs out entirely", () => {
    const pinnedIds = new Set(fixture.filter((tab) => tab.topic === "sourdough").map((tab) => tab.id));
    const tabs = fixture.map((tab) => ({ ...tab, pinned: pinnedIds.has(tab.id) }));
    const result = suggestGroups(tabs);
    const mentioned = [...result.groups.flatMap((group) => group.tabIds), ...result.ungroupedTabIds];
    expect(mentioned.some((id) => pinnedIds.has(id))).toBe(false);
    expect(mentioned).toHaveLength(fixture.length - pinnedIds.size);
  });

  it("leaves tabs already in a group out, and treats groupId -1 as no group", () => {
    const inGroup = new Set(fixture.filter((tab) => tab.topic === "laptop-shopping").map((tab) => tab.id));
    const tabs = fixture.map((tab) => ({ ...tab, groupId: inGroup.has(tab.id) ? 7 : -1 }));
    const result = suggestGroups(tabs);
    const mentioned = [...result.groups.flatMap((group) => group.tabIds), ...result.ungroupedTabIds];
    expect(mentioned.some((id) => inGroup.has(id))).toBe(false);
    expect(mentioned).toHaveLength(fixture.length - inGroup.size);
  });

  it("avoids the colors of the window's existing groups", () => {
    const result = suggestGroups(fixture, { usedColors: ["blue", "red"] });
    expect(result.groups.some((group) => group.color === "blue" || group.color === "red")).toBe(false);
  });
});

describe("suggestGroups keeps private tabs apart", () => {
  const normal = windowOf(LABELED_TABS.filter((tab) => tab.topic !== "iron-deficiency"));
  const privateTabs = windowOf(
    LABELED_TABS.filter((tab) => tab.topic === "iron-deficiency" || tab.topic === "sourdough"),
    1000,
    { incognito: true },
  );
  const mixed = shuffled([...normal, ...privateTabs], 9);
  const result = suggestGroups(mixed);
  const isPrivate = new Map(mixed.map((tab) => [tab.id, tab.incognito]));

  it("never mixes private and normal tabs in one group, and flags private groups", () => {
    expect(result.groups.some((group) => group.incognito)).toBe(true);
    for (const group of result.groups) {
      expect(group.tabIds.every((id) => isPrivate.get(id) === group.incognito)).toBe(true);
    }
  });

  it("clusters normal tabs as if the private ones did not exist (no shared word statistics)", () => {
    const described = (groups: GroupingResult["groups"]): string[] =>
      groups.map((group) => `${[...group.tabIds].sort((a, b) => a - b).join(",")}: ${group.name}`).sort();
    const alone = suggestGroups(normal);
    expect(described(result.groups.filter((group) => !group.incognito))).toEqual(described(alone.groups));
  });
});

describe("suggestGroups edge cases", () => {
  let nextId = 1;
  const tab = (title: string, url: string): TabInput => ({ id: nextId++, title, url, pinned: false, incognito: false });

  it("handles an empty window and a single tab", () => {
    expect(suggestGroups([])).toEqual({ groups: [], ungroupedTabIds: [] });
    const only = tab("Kyoto hotels", "https://a.example/");
    expect(suggestGroups([only])).toEqual({ groups: [], ungroupedTabIds: [only.id] });
  });

  it("groups two tabs on one topic and leaves two unrelated tabs alone", () => {
    const kyoto = [tab("Kyoto hotels near the station", "https://a.example/"), tab("Kyoto temples to visit", "https://b.example/")];
    expect(suggestGroups(kyoto).groups.map((group) => group.tabIds)).toEqual([kyoto.map((t) => t.id)]);
    const unrelated = [tab("Kyoto hotels", "https://a.example/"), tab("Ferritin blood test", "https://b.example/")];
    expect(suggestGroups(unrelated).groups).toEqual([]);
  });

  it("does not group two tabs that share only a website", () => {
    const github = [tab("GitHub - anna/dotfiles", "https://github.com/anna/dotfiles"), tab("GitHub - bob/raytracer", "https://github.com/bob/raytracer")];
    expect(suggestGroups(github).groups).toEqual([]);
  });

  it("puts tabs with identical titles in one group", () => {
    const same = Array.from({ length: 5 }, () => tab("Sourdough starter recipe", "https://bread.example/starter"));
    const result = suggestGroups(same);
    expect(result.groups).toHaveLength(1);
    expect(result.groups[0]?.tabIds).toEqual(same.map((t) => t.id));
    expect(result.groups[0]?.name).toBe("Sourdough Starter");
  });

  it("copes with empty titles, blank pages and unparsable URLs", () => {
    const tabs = [
      tab("", "https://www.kingarthurbaking.com/recipes/sourdough-bread"),
      tab("", "https://www.theperfectloaf.com/sourdough-starter-guide/"),
      tab("", "about:blank"),
      tab("New Tab", "about:newtab"),
      tab("", ""),
      tab("", "https://pubmed.ncbi.nlm.nih.gov/31361892/"),
    ];
    const result = suggestGroups(tabs);
    expect(result.groups.map((group) => group.tabIds)).toEqual([[tabs[0]?.id, tabs[1]?.id]]);
    expect(result.groups[0]?.name).toBe("Sourdough");
    expect(result.ungroupedTabIds).toHaveLength(4);
  });

  it("never groups blank pages, however many there are", () => {
    const blanks = Array.from({ length: 4 }, () => tab("New Tab", "about:newtab"));
    expect(suggestGroups(blanks).groups).toEqual([]);
  });

  it("groups non-Latin titles by topic", () => {
    const tabs = [
      tab("京都旅行のおすすめ観光スポット20選", "https://www.jalan.net/news/article/kyoto-spots/"),
      tab("京都の紅葉名所ランキング - 京都旅行ガイド", "https://kyoto-guide.example.jp/koyo"),
      tab("京都駅周辺のホテル予約 - 楽天トラベル", "https://travel.rakuten.co.jp/kyoto/"),
      tab("Борщ классический — пошаговый рецепт с фото", "https://eda.ru/recepty/supy/borsch"),
      tab("Как приготовить борщ: секреты вкусного борща", "https://www.povarenok.ru/recipes/show/164"),
      tab("Рецепт борща со свёклой и говядиной", "https://1000.menu/cooking/borsch"),
      tab("上海迪士尼乐园门票价格", "https://www.ctrip.com/shanghai-disney/tickets"),
      tab("上海迪士尼攻略：游玩路线推荐", "https://www.mafengwo.cn/gonglue/shanghai-disney"),
      tab("上海迪士尼乐园酒店预订", "https://hotels.ctrip.com/shanghai-disney"),
      tab("Weather Berlin - 10 day forecast", "https://www.wetter.com/berlin/"),
    ];
    const ids = tabs.map((t) => t.id);
    const result = suggestGroups(tabs);
    expect(partition(result)).toEqual([ids.slice(0, 3), ids.slice(3, 6), ids.slice(6, 9)].map((g) => g.join(",")).sort());
    expect(result.ungroupedTabIds).toEqual([ids[9]]);
    const names = result.groups.map((group) => group.name);
    expect(names[0]).toBe("京都");
    expect(names[1]?.toLowerCase()).toContain("рецепт");
    expect(names[2]).toBe("上海");
  });
});
