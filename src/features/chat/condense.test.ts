import { describe, expect, it } from "vitest";
import { approximateCountTokens, approximateTokenCount } from "../summarize/approx-tokens";
import { condenseText, textBlocks } from "./condense";

describe("textBlocks", () => {
  it("splits paragraphs at blank lines and keeps Markdown headings as headings", () => {
    expect(textBlocks("# Title\n\nOne line\nwrapped.\n\n\nTwo.")).toEqual([
      { kind: "heading", text: "Title", level: 1, sourceRef: {} },
      { kind: "paragraph", text: "One line wrapped.", sourceRef: {} },
      { kind: "paragraph", text: "Two.", sourceRef: {} },
    ]);
  });
});

describe("condenseText", () => {
  it("keeps whole sentences of the text, in order, within the budget", async () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) =>
      `Paragraph ${i} talks about topic ${i % 5} in some depth. It adds a second sentence with more words about it.`,
    );
    const text = paragraphs.join("\n\n");
    const condensed = await condenseText(text, 120, approximateCountTokens);
    expect(condensed.sentencesTotal).toBe(80);
    expect(condensed.sentencesKept).toBeGreaterThan(0);
    expect(condensed.sentencesKept).toBeLessThan(80);
    expect(approximateTokenCount(condensed.text)).toBeLessThanOrEqual(120);
    const kept = condensed.text.split(/(?<=\.)\s+/);
    const positions = kept.map((sentence) => text.indexOf(sentence));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});
