import { describe, expect, it } from "vitest";
import { buildExplainMessages, cleanExplanation, explainGenerateOptions, EXPLAIN_MAX_TOKENS, passageAround } from "./explain-prompt";

const PASSAGE =
  "The gates stay flat on the riverbed for most of the year, so boats pass over them without noticing, but when the " +
  "water rises they are filled with compressed air and swing upwards.";

describe("buildExplainMessages", () => {
  it("asks what the selection means in its passage, briefly and in plain language", () => {
    const [system, user] = buildExplainMessages("compressed air", PASSAGE);
    expect(system?.role).toBe("system");
    expect(system?.content).toMatch(/plain language/);
    expect(system?.content).toMatch(/one to three short sentences/);
    expect(system?.content).toContain("same language as the text");
    expect(user?.content).toBe(`Explain what "compressed air" means in this passage:\n\n${PASSAGE}`);
  });

  it("asks about the text alone when the passage is the selection itself, and names a known language", () => {
    const messages = buildExplainMessages("  Hochwasser\nschutz ", "Hochwasser schutz", "German");
    expect(messages[0]?.content).toContain("Answer in German.");
    expect(messages[1]?.content).toBe("Explain what this means:\n\nHochwasser schutz");
  });

  it("decodes greedily within a short budget", () => {
    expect(explainGenerateOptions("air", PASSAGE)).toMatchObject({ temperature: 0, maxTokens: EXPLAIN_MAX_TOKENS });
  });
});

describe("passageAround", () => {
  it("keeps a short passage whole", () => {
    expect(passageAround(PASSAGE, "compressed air")).toBe(PASSAGE);
  });

  it("cuts a long passage around the selection at word boundaries", () => {
    const words = Array.from({ length: 400 }, (_, index) => `word${index}`);
    const long = words.join(" ");
    const passage = passageAround(long, "word200");
    expect(passage).toContain("word200");
    expect(passage.startsWith("…")).toBe(true);
    expect(passage.endsWith("…")).toBe(true);
    expect(passage.length).toBeLessThan(1100);
    // Whole words only at both ends.
    expect(passage.slice(1, -1).split(" ").every((word) => words.includes(word))).toBe(true);
  });
});

describe("cleanExplanation", () => {
  it("drops lead-ins, quotes and Markdown, and joins lines", () => {
    expect(cleanExplanation('Sure! Here is the explanation:\n\n"**Compressed air** is air pressed\ninto a small space."')).toBe(
      "Compressed air is air pressed into a small space.",
    );
  });

  it("holds back a lead-in while it is still streaming", () => {
    expect(cleanExplanation("Sure, here", true)).toBe("");
  });
});

describe("cleanExplanation lead-ins", () => {
  it.each([
    ["Here is the explanation:\nAir that is pressed together.", "Air that is pressed together."],
    ["Sure! Here's what it means: air that is pressed together.", "air that is pressed together."],
    ["Explanation: air that is pressed together.", "air that is pressed together."],
    ["Sure! Compressed air is air pressed together.", "Compressed air is air pressed together."],
    ["Compressed air means air pressed together.", "Compressed air means air pressed together."],
  ])("%j", (output, expected) => {
    expect(cleanExplanation(output)).toBe(expected);
  });
});
