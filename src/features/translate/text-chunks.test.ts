import { describe, expect, it } from "vitest";
import { splitText } from "./text-chunks";

const byChars = (text: string) => text.length;

describe("splitText", () => {
  it("keeps a short text whole and drops surrounding whitespace", () => {
    expect(splitText("  One.\n\nTwo.  ", 100, byChars)).toEqual([{ text: "One.\n\nTwo.", separator: "" }]);
    expect(splitText(" \n ", 100, byChars)).toEqual([]);
  });

  it("packs whole paragraphs into chunks within the budget, keeping the breaks between them", () => {
    const paragraphs = ["a".repeat(40), "b".repeat(40), "c".repeat(40), "d".repeat(40)];
    const chunks = splitText(paragraphs.join("\n\n"), 90, byChars);
    expect(chunks).toEqual([
      { text: `${"a".repeat(40)}\n\n${"b".repeat(40)}`, separator: "" },
      { text: `${"c".repeat(40)}\n\n${"d".repeat(40)}`, separator: "\n\n" },
    ]);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(90);
    expect(chunks.map((chunk) => chunk.separator + chunk.text).join("")).toBe(paragraphs.join("\n\n"));
  });

  it("cuts a paragraph longer than the budget at sentence ends, then a sentence at spaces", () => {
    const long = "The first sentence is here. The second one follows it. And a third.";
    const chunks = splitText(long, 30, byChars);
    expect(chunks.map((chunk) => chunk.text)).toEqual(["The first sentence is here.", "The second one follows it.", "And a third."]);
    expect(chunks.map((chunk) => chunk.separator)).toEqual(["", " ", " "]);

    const words = splitText("alpha beta gamma delta epsilon zeta eta theta", 12, byChars);
    for (const chunk of words) expect(chunk.text.length).toBeLessThanOrEqual(12);
    expect(words.map((chunk) => chunk.separator + chunk.text).join("")).toBe("alpha beta gamma delta epsilon zeta eta theta");
  });

  it("cuts a run without spaces anywhere, never inside a character made of two code units", () => {
    const emoji = "😀".repeat(10);
    const chunks = splitText(emoji, 5, byChars);
    expect(chunks.map((chunk) => chunk.separator + chunk.text).join("")).toBe(emoji);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(5);
      expect(chunk.text.length % 2).toBe(0);
    }
  });

  it("splits a 20,000-character text into chunks that each fit and together hold every paragraph in order", () => {
    const paragraphs = Array.from({ length: 110 }, (_, index) => `Paragraph ${index} talks about the river and the town. `.repeat(4).trim());
    const text = paragraphs.join("\n\n");
    expect(text.length).toBeGreaterThan(20_000);
    const chunks = splitText(text, 1000, byChars);
    expect(chunks.length).toBeGreaterThan(20);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(1000);
    expect(chunks.map((chunk) => chunk.separator + chunk.text).join("")).toBe(text);
  });
});
