import { describe, expect, it } from "vitest";
import { linkPoints, parseSummary } from "./parse-summary";

const targets = [
  { number: 1, text: "Heat pumps move heat from outside air and use far less electricity.", sourceRef: { page: 1 } },
  { number: 2, text: "Government grants now cover part of the installation cost.", sourceRef: { page: 2 } },
  { number: 3, text: "Owners report the savings repay the installation within eight years.", sourceRef: { page: 5 } },
];

describe("parseSummary", () => {
  it("reads bulleted key points with citations, skipping a preamble and joining wrapped lines", () => {
    const output = "Here are the key points:\n- **Heat pumps** save power [1]\n* Grants pay part\n  of the cost [2, 3]\n1. Payback takes eight years [3-4].\n";
    expect(parseSummary(output, "key-points")).toEqual({
      points: [
        { text: "Heat pumps save power", citations: [1], complete: true },
        { text: "Grants pay part of the cost", citations: [2, 3], complete: true },
        { text: "Payback takes eight years.", citations: [3, 4], complete: true },
      ],
    });
  });

  it("falls back to sentences when a key-points answer has no bullets", () => {
    const parsed = parseSummary("Heat pumps save power [1]. Grants help.", "key-points");
    expect(parsed.points.map((p) => [p.text, p.citations])).toEqual([
      ["Heat pumps save power.", [1]],
      ["Grants help.", []],
    ]);
  });

  it("splits a headline from its paragraph and moves citations written after the full stop", () => {
    const parsed = parseSummary("Headline: **Heat pumps pay off**\n\nThey save power. [1] Grants help [2].", "headline");
    expect(parsed.headline).toBe("Heat pumps pay off");
    expect(parsed.points.map((p) => [p.text, p.citations])).toEqual([
      ["They save power.", [1]],
      ["Grants help.", [2]],
    ]);
  });

  it("reads a TL;DR as sentences", () => {
    const parsed = parseSummary("TL;DR: Heat pumps pay off in eight years [3]. 値段は高い。", "tldr");
    expect(parsed.points.map((p) => p.text)).toEqual(["Heat pumps pay off in eight years.", "値段は高い。"]);
  });

  it("marks the last point incomplete while streaming and hides a half-written citation", () => {
    const parsed = parseSummary("- Heat pumps save power [1]\n- Grants pay [2", "key-points", true);
    expect(parsed.points).toEqual([
      { text: "Heat pumps save power", citations: [1], complete: true },
      { text: "Grants pay", citations: [], complete: false },
    ]);
    expect(parseSummary("- Done [1]\n", "key-points", true).points[0]?.complete).toBe(true);
  });

  it("ignores absurd citation ranges", () => {
    expect(parseSummary("- Odd [2-900]", "key-points").points[0]?.citations).toEqual([]);
  });
});

describe("linkPoints", () => {
  it("links by citation, dropping numbers that name no passage", () => {
    const [point] = linkPoints([{ text: "Grants help", citations: [2, 9], complete: true }], targets);
    expect(point).toEqual({ text: "Grants help", passages: [2], sources: [{ page: 2 }], linkedBy: "citation" });
  });

  it("links an uncited point to the passage it shares most words with", () => {
    const [point] = linkPoints([{ text: "The installation is repaid by savings in eight years", citations: [], complete: true }], targets);
    expect(point?.passages).toEqual([3]);
    expect(point?.sources).toEqual([{ page: 5 }]);
    expect(point?.linkedBy).toBe("overlap");
  });

  it("leaves a point unlinked when nothing is similar", () => {
    const [point] = linkPoints([{ text: "Completely unrelated zebra topic", citations: [], complete: true }], targets);
    expect(point?.linkedBy).toBe("none");
    expect(point?.sources).toEqual([]);
  });
});
