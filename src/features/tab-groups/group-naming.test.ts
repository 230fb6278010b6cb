import { describe, expect, it } from "vitest";
import { analyseTabs, clusterTopics } from "./cluster-topics";
import { LABELED_TABS, type FixtureTopic } from "../../../tests/fixtures/tab-groups/labeled-tabs";
import { describeCluster, displayWord } from "./group-naming";
import type { TabInput } from "./types";

const fixture: TabInput[] = LABELED_TABS.map((tab, i) => ({ ...tab, id: i + 1, pinned: false, incognito: false }));
const topicOf = new Map(LABELED_TABS.map((tab, i) => [i + 1, tab.topic]));

describe("displayWord", () => {
  it("capitalizes plain words and keeps deliberate casing", () => {
    expect(displayWord("sourdough")).toBe("Sourdough");
    expect(displayWord("MacBook")).toBe("MacBook");
    expect(displayWord("iPhone")).toBe("iPhone");
    expect(displayWord("CDU")).toBe("CDU");
    expect(displayWord("München")).toBe("München");
  });

  it("calms shouted words and leaves scripts without case alone", () => {
    expect(displayWord("POLITICO")).toBe("Politico");
    expect(displayWord("京都")).toBe("京都");
    expect(displayWord("борщ")).toBe("Борщ");
  });
});

describe("cluster names from key words", () => {
  const { clusters } = clusterTopics(fixture);
  // The dominant topic of each cluster, by majority.
  const topicOfCluster = (tabs: readonly TabInput[]): FixtureTopic | null => {
    const counts = new Map<FixtureTopic | null, number>();
    for (const tab of tabs) counts.set(topicOf.get(tab.id) ?? null, (counts.get(topicOf.get(tab.id) ?? null) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  };

  it("names each fixture topic after a word its titles share", () => {
    const expected: Partial<Record<FixtureTopic, RegExp>> = {
      sourdough: /sourdough/i,
      "iron-deficiency": /iron/i,
      "german-election": /election/i,
      "learning-spanish": /spanish/i,
      "laptop-shopping": /laptop|macbook|thinkpad/i,
      "rust-web-server": /rust|axum|tokio/i,
    };
    for (const cluster of clusters) {
      const pattern = expected[topicOfCluster(cluster.tabs) ?? "japan-trip"];
      if (pattern !== undefined) expect(cluster.name).toMatch(pattern);
    }
    expect(clusters.filter((cluster) => expected[topicOfCluster(cluster.tabs) ?? "japan-trip"] !== undefined)).toHaveLength(6);
  });

  it("uses 1-3 words, title-cased, and key words that several tabs share", () => {
    for (const cluster of clusters) {
      const words = cluster.name.split(" ");
      expect(words.length).toBeGreaterThanOrEqual(1);
      expect(words.length).toBeLessThanOrEqual(3);
      for (const word of words) expect(word[0]).toBe(word[0]?.toUpperCase());
      expect(cluster.keywords.length).toBeGreaterThan(0);
      expect(cluster.keywords.length).toBeLessThanOrEqual(5);
    }
  });

  it("orders two-word names as the titles do", () => {
    const election = clusters.find((cluster) => topicOfCluster(cluster.tabs) === "german-election");
    expect(election?.name).toBe("German Election");
  });
});

describe("describeCluster fallbacks", () => {
  it("names a cluster held together only by its website after the site", () => {
    const tabs: TabInput[] = [
      { id: 1, title: "anna/dotfiles", url: "https://github.com/anna/dotfiles", pinned: false, incognito: false },
      { id: 2, title: "bob/raytracer", url: "https://github.com/bob/raytracer", pinned: false, incognito: false },
    ];
    const analysed = analyseTabs(tabs);
    expect(describeCluster([0, 1], analysed.terms, analysed.vectors)).toEqual({ keywords: [], name: "Github" });
  });

  it("uses a single word for scripts written without spaces", () => {
    const tabs: TabInput[] = ["京都旅行ガイド", "京都旅行の計画"].map((title, i) => ({
      id: i + 1,
      title,
      url: `https://site${i}.example/`,
      pinned: false,
      incognito: false,
    }));
    const analysed = analyseTabs(tabs);
    const { name, keywords } = describeCluster([0, 1], analysed.terms, analysed.vectors);
    expect(name.split(" ")).toHaveLength(1);
    expect(keywords).toContain(name);
    expect(["京都", "旅行", "都旅"]).toContain(name);
  });
});
