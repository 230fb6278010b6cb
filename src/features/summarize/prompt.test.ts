import { describe, expect, it } from "vitest";
import {
  buildCombineMessages,
  buildNotesMessages,
  buildSummaryMessages,
  formatNumbered,
  languageName,
  maxOutputTokens,
  type SummaryRequest,
} from "./prompt";

const passages = [
  { number: 1, text: "Heat pumps   move heat\nfrom outside." },
  { number: 2, text: "Grants cover part of the cost." },
];

describe("summary prompts", () => {
  it("numbers passages one per line with whitespace collapsed", () => {
    expect(formatNumbered(passages)).toBe("[1] Heat pumps move heat from outside.\n[2] Grants cover part of the cost.");
  });

  it("asks for the requested number of key points, citing passages", () => {
    const [system, user] = buildSummaryMessages(passages, { style: "key-points", length: "medium" });
    expect(system?.role).toBe("system");
    expect(user?.content).toContain("[2] Grants cover part of the cost.");
    expect(user?.content).toContain("5 most important points");
    expect(user?.content).toMatch(/passage numbers/);
    const short = buildSummaryMessages(passages, { style: "key-points", length: "short" })[1]?.content;
    expect(short).toContain("3 most important points");
  });

  it("shapes TL;DR and headline requests differently", () => {
    const tldr = buildSummaryMessages(passages, { style: "tldr", length: "short" })[1]?.content ?? "";
    const headline = buildSummaryMessages(passages, { style: "headline", length: "long" })[1]?.content ?? "";
    expect(tldr).toContain("TL;DR of one sentence");
    expect(headline).toContain("headline on the first line");
    expect(headline).toContain("six to eight sentences");
  });

  it("sets the output language from a code or a name, or keeps the document's", () => {
    const system = (request: SummaryRequest): string => buildSummaryMessages([], request)[0]?.content ?? "";
    expect(system({ style: "tldr", length: "short", language: "de" })).toContain("Write in German.");
    expect(system({ style: "tldr", length: "short", language: "pt-BR" })).toContain("Brazilian Portuguese");
    expect(system({ style: "tldr", length: "short", language: "Klingon" })).toContain("Write in Klingon.");
    expect(system({ style: "tldr", length: "short" })).toContain("same language as the passages");
    expect(languageName("ja")).toBe("Japanese");
  });

  it("says which part of how many a chunk is, and keeps note citations for the final step", () => {
    expect(buildNotesMessages(passages, { style: "tldr", length: "short" }, 3, 12)[1]?.content).toContain("Part 3 of 12");
    const combined = buildCombineMessages(["- Heat pumps save energy [1]", "- Grants help [2]"], { style: "key-points", length: "short" });
    expect(combined[1]?.content).toContain("- Grants help [2]");
  });

  it("allows more output for longer summaries", () => {
    for (const style of ["key-points", "tldr", "headline"] as const) {
      expect(maxOutputTokens({ style, length: "short" })).toBeLessThan(maxOutputTokens({ style, length: "medium" }));
      expect(maxOutputTokens({ style, length: "medium" })).toBeLessThan(maxOutputTokens({ style, length: "long" }));
    }
  });
});
