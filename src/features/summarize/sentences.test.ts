import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { splitSentences } from "./sentences";

const texts = (input: string): string[] => splitSentences(input).map((s) => s.text);

describe("splitSentences", () => {
  it("splits plain sentences", () => {
    expect(texts("The cat sat. The dog ran! Did it? Yes.")).toEqual(["The cat sat.", "The dog ran!", "Did it?", "Yes."]);
  });

  it("keeps titles, Latin abbreviations and initials inside the sentence", () => {
    expect(texts("Dr. Smith met Mr. J. R. Jones, e.g. at noon. Then they left.")).toEqual([
      "Dr. Smith met Mr. J. R. Jones, e.g. at noon.",
      "Then they left.",
    ]);
    expect(texts("See Fig. 3 and No. 5 in Vol. 2. It works.")).toEqual(["See Fig. 3 and No. 5 in Vol. 2.", "It works."]);
    expect(texts("Smith et al. found it. Others did not.")).toEqual(["Smith et al. found it.", "Others did not."]);
  });

  it("does not split decimals, versions, URLs or lowercase continuations", () => {
    expect(texts("Pi is 3.14159 and v2.0.1 is at example.com today. Next one.")).toEqual([
      "Pi is 3.14159 and v2.0.1 is at example.com today.",
      "Next one.",
    ]);
    expect(texts("It rose approx. five percent. Fine.")).toEqual(["It rose approx. five percent.", "Fine."]);
  });

  it("keeps closing quotes and brackets with their sentence", () => {
    expect(texts('He said "stop." She did (mostly.) Then “why?” she asked.')).toEqual([
      'He said "stop."',
      "She did (mostly.)",
      "Then “why?” she asked.",
    ]);
  });

  it("splits Chinese and Japanese full stops that have no following space", () => {
    expect(texts("今天天气很好。我们去公园吧！你觉得呢？好的")).toEqual(["今天天气很好。", "我们去公园吧！", "你觉得呢？", "好的"]);
    expect(texts("これはペンです。あれは本です。")).toEqual(["これはペンです。", "あれは本です。"]);
  });

  it("splits Hindi dandas, Arabic question marks and Cyrillic text", () => {
    expect(texts("यह एक वाक्य है। यह दूसरा है।")).toEqual(["यह एक वाक्य है।", "यह दूसरा है।"]);
    expect(texts("هل أنت بخير؟ نعم")).toEqual(["هل أنت بخير؟", "نعم"]);
    expect(texts("Привет, мир. Как дела?")).toEqual(["Привет, мир.", "Как дела?"]);
  });

  it("treats a blank line as a boundary and ignores list numbers", () => {
    expect(texts("Introduction\n\nThis is text. More")).toEqual(["Introduction", "This is text.", "More"]);
    expect(texts("1. Open the lid. 2. Pour.")).toEqual(["1. Open the lid.", "2. Pour."]);
  });

  it("returns offsets that point back into the source", () => {
    const source = "  One two.   Three four!  ";
    for (const span of splitSentences(source)) expect(source.slice(span.start, span.end)).toBe(span.text);
    expect(splitSentences("   ")).toEqual([]);
  });

  it("never loses, reorders or duplicates non-space characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "B", " ", ".", "?", "。", "\n", "3", "”", "é", "Dr", "e.g") }), (input) => {
        const spans = splitSentences(input);
        expect(spans.map((s) => s.text).join("").replace(/\s/g, "")).toBe(input.replace(/\s/g, ""));
        for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
      }),
    );
  });
});
