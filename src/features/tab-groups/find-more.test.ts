import { describe, expect, it } from "vitest";
import { LABELED_TABS, type FixtureTopic } from "../../../tests/fixtures/tab-groups/labeled-tabs";
import { findMoreTabs } from "./find-more";
import type { TabInput } from "./types";

type FixtureTab = TabInput & { topic: FixtureTopic | null };
const fixture: FixtureTab[] = LABELED_TABS.map((tab, i) => ({ ...tab, id: i + 1, pinned: false, incognito: false }));
const topicOf = new Map(fixture.map((tab) => [tab.id, tab.topic]));
const byTitle = (start: string): FixtureTab => {
  const found = fixture.find((tab) => tab.title.startsWith(start));
  if (found === undefined) throw new Error(`No fixture tab titled ${start}`);
  return found;
};

describe("findMoreTabs", () => {
  const group = [byTitle("Beginner's Sourdough"), byTitle("How to Make a Sourdough Starter"), byTitle("Why is my sourdough")];
  const loose = fixture.filter((tab) => !group.includes(tab));
  const matches = findMoreTabs(group, loose);

  it("finds the group's topic among the loose tabs, best first", () => {
    const topics = matches.map((match) => topicOf.get(match.tabId));
    expect(topics.filter((topic) => topic === "sourdough").length).toBeGreaterThanOrEqual(3);
    expect(topics.filter((topic) => topic === "sourdough").length / topics.length).toBeGreaterThanOrEqual(0.75);
    expect(topics.slice(0, 3)).toEqual(["sourdough", "sourdough", "sourdough"]);
    const scores = matches.map((match) => match.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("offers every loose tab whose title says sourdough", () => {
    const sourdoughTitles = loose.filter((tab) => /sourdough/i.test(tab.title)).map((tab) => tab.id);
    expect(matches.map((match) => match.tabId)).toEqual(expect.arrayContaining(sourdoughTitles));
  });

  it("does not offer a tab that belongs with a closer cluster of its own", () => {
    // It shares "beginner" with the group but is one of eight Spanish-learning tabs.
    expect(matches.map((match) => match.tabId)).not.toContain(byTitle("Learn Spanish online").id);
  });

  it("never offers a tab for sharing only a website with the group", () => {
    const itinerary = [byTitle("Japan trip itinerary")];
    const found = findMoreTabs(itinerary, fixture.filter((tab) => tab !== itinerary[0]));
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((match) => match.tabId)).not.toContain(byTitle("Laptop comparison").id);
    expect(found.every((match) => topicOf.get(match.tabId) === "japan-trip")).toBe(true);
  });

  it("uses the group's name as evidence too", () => {
    const itinerary = [byTitle("Japan trip itinerary")];
    const rest = fixture.filter((tab) => tab !== itinerary[0]);
    const withoutName = findMoreTabs(itinerary, rest);
    const withName = findMoreTabs(itinerary, rest, { groupName: "Kyoto" });
    expect(withName.length).toBeGreaterThan(withoutName.length);
    expect(withName.map((match) => match.tabId)).toContain(byTitle("Hotels in Kyoto").id);
  });

  it("never offers pinned tabs, grouped tabs or tabs of the other privacy mode", () => {
    const pinned = { ...byTitle("The Easiest Sourdough"), pinned: true };
    const grouped = { ...byTitle("Bulk Fermentation"), groupId: 3 };
    const privateTab = { ...byTitle("sourdough starter not rising"), incognito: true };
    const found = findMoreTabs(group, [pinned, grouped, privateTab, ...loose.filter((tab) => ![pinned.id, grouped.id, privateTab.id].includes(tab.id))]);
    const ids = found.map((match) => match.tabId);
    expect(ids).not.toContain(pinned.id);
    expect(ids).not.toContain(grouped.id);
    expect(ids).not.toContain(privateTab.id);
    expect(ids.length).toBeGreaterThan(0);
  });

  it("respects a limit and returns nothing for an empty group or no loose tabs", () => {
    expect(findMoreTabs(group, loose, { limit: 2 })).toEqual(matches.slice(0, 2));
    expect(findMoreTabs([], loose)).toEqual([]);
    expect(findMoreTabs(group, [])).toEqual([]);
  });

  it("ranks the same whatever the order of the loose tabs", () => {
    const reversed = findMoreTabs(group, [...loose].reverse());
    expect(reversed.map((match) => match.tabId).sort()).toEqual(matches.map((match) => match.tabId).sort());
    expect(reversed.map((match) => match.score)).toEqual(matches.map((match) => match.score));
  });
});
