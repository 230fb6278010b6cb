import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BlockLink } from "./inline-text";
import { linkOriginal, relink } from "./relink";

const link = (text: string, href = `https://x.example/${encodeURIComponent(text)}`, start = 0): BlockLink => ({ text, href, start });

describe("relink", () => {
  it("places links in order, each at a whole-word occurrence of its text", () => {
    const { segments, unplaced } = relink("Start the art show, then see the art.", [link("art", "https://a.example/1"), link("art", "https://a.example/2")]);
    expect(segments).toEqual([
      { text: "Start the " },
      { text: "art", href: "https://a.example/1" },
      { text: " show, then see the " },
      { text: "art", href: "https://a.example/2" },
      { text: "." },
    ]);
    expect(unplaced).toEqual([]);
  });

  it("finds a link the rewrite moved before an earlier one", () => {
    const { segments } = relink("Bob met Alice.", [link("Alice", "https://a.example/"), link("Bob", "https://b.example/")]);
    expect(segments).toEqual([{ text: "Bob", href: "https://b.example/" }, { text: " met " }, { text: "Alice", href: "https://a.example/" }, { text: "." }]);
  });

  it("never lets two links overlap", () => {
    const { segments, unplaced } = relink("The annual report came out.", [link("annual report"), link("report came out")]);
    expect(segments.filter((segment) => segment.href).map((segment) => segment.text)).toEqual(["annual report"]);
    expect(unplaced.map((entry) => entry.text)).toEqual(["report came out"]);
  });

  it("returns the links whose text is gone", () => {
    const gone = link("independent review");
    expect(relink("They want someone else to check the work.", [gone])).toEqual({ segments: [{ text: "They want someone else to check the work." }], unplaced: [gone] });
  });

  it("keeps the text whole and links only original links, for any text and links", () => {
    const word = fc.stringMatching(/^[a-z]{1,6}$/);
    fc.assert(
      fc.property(fc.array(word, { maxLength: 30 }), fc.array(fc.tuple(word, fc.webUrl()), { maxLength: 6 }), (words, pairs) => {
        const text = words.join(" ");
        const links = pairs.map(([linkText, href]) => link(linkText, href));
        const { segments, unplaced } = relink(text, links);
        expect(segments.map((segment) => segment.text).join("")).toBe(text);
        const placed = segments.filter((segment) => segment.href !== undefined);
        expect(placed.length + unplaced.length).toBe(links.length);
        for (const segment of placed) expect(links.some((candidate) => candidate.text === segment.text && candidate.href === segment.href)).toBe(true);
      }),
    );
  });
});

describe("linkOriginal", () => {
  it("links at the recorded offsets, not at an earlier occurrence of the same text", () => {
    const text = "Click here to read, or here to listen.";
    expect(linkOriginal(text, [link("here", "https://listen.example/", 23)])).toEqual([
      { text: "Click here to read, or " },
      { text: "here", href: "https://listen.example/" },
      { text: " to listen." },
    ]);
  });
});
