// @vitest-environment happy-dom
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeText, parsePlaceholders, plainText, unescapeText, type TranslatedPart } from "./placeholders";
import { segment } from "./segment";
import type { Slot, TextUnit } from "./units";

function unitOf(html: string): TextUnit {
  document.body.innerHTML = html;
  const unit = segment(document.body).find((candidate): candidate is TextUnit => candidate.kind === "text");
  if (!unit) throw new Error("no text unit");
  return unit;
}

// Write parsed parts back as a placeholder string, to compare a parse with its input.
function write(parts: readonly TranslatedPart[], slots: readonly Slot[]): string {
  return parts
    .map((part) => {
      if (part.type === "text") return escapeText(part.text);
      const letter = slots[part.slot - 1]?.letter ?? "?";
      if (part.type === "opaque") return `<${letter}${part.slot}/>`;
      return `<${letter}${part.slot}>${write(part.children, slots)}</${letter}${part.slot}>`;
    })
    .join("");
}

describe("placeholders", () => {
  const html = `<p>Read the <a href="/r">full <strong>annual</strong> report</a> now.<br>Then <em>write</em>.</p>`;

  it("serializes nested inline markup with numbered tags and void slots", () => {
    expect(unitOf(html).source).toBe("Read the <a1>full <b2>annual</b2> report</a1> now.<x3/>Then <i4>write</i4>.");
  });

  it("round-trips a unit's own source through the parser", () => {
    const unit = unitOf(html);
    const parsed = parsePlaceholders(unit.source, unit.slots);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(write(parsed.parts, unit.slots)).toBe(unit.source);
  });

  it("accepts a translation that reorders and renests the tags", () => {
    const unit = unitOf(html);
    const parsed = parsePlaceholders("<i4>Schreiben</i4> Sie <a1>den <b2>Jahres</b2>bericht</a1> jetzt.<x3/>Danach.", unit.slots);
    expect(parsed).toEqual({
      ok: true,
      parts: [
        { type: "element", slot: 4, children: [{ type: "text", text: "Schreiben" }] },
        { type: "text", text: " Sie " },
        {
          type: "element",
          slot: 1,
          children: [
            { type: "text", text: "den " },
            { type: "element", slot: 2, children: [{ type: "text", text: "Jahres" }] },
            { type: "text", text: "bericht" },
          ],
        },
        { type: "text", text: " jetzt." },
        { type: "opaque", slot: 3 },
        { type: "text", text: "Danach." },
      ],
    });
  });

  it.each([
    ["a missing tag", "Lesen Sie <a1>den Bericht</a1> jetzt.<x3/>Dann <i4>schreiben</i4>."],
    ["a repeated tag", "<a1>Lesen</a1> <a1>den</a1> <b2>Jahres</b2>bericht<x3/><i4>x</i4>"],
    ["misnested tags", "<a1>den <b2>Jahres</a1>bericht</b2><x3/><i4>x</i4>"],
    ["an unclosed tag", "<a1>den <b2>Jahres</b2>bericht<x3/><i4>x</i4>"],
    ["an unknown slot", "<a1>den <b2>Jahres</b2>bericht</a1><x3/><i4>x</i4><x9/>"],
    ["a void slot written as a pair", "<a1>den <b2>Jahres</b2>bericht</a1><x3>!</x3><i4>x</i4>"],
    ["a paired slot written as void", "<a1/><b2>Jahres</b2><x3/><i4>x</i4>"],
  ])("rejects %s", (_label, answer) => {
    const unit = unitOf(html);
    expect(parsePlaceholders(answer, unit.slots).ok).toBe(false);
  });

  it("treats text that merely looks like a tag as text", () => {
    const parsed = parsePlaceholders("a <b> c &lt;a1&gt; d", []);
    expect(parsed).toEqual({ ok: true, parts: [{ type: "text", text: "a <b> c <a1> d" }] });
  });

  it("reduces a broken translation to plain text, spacing void slots", () => {
    expect(plainText("Lesen <a1>den <b2>Jahres</b2>bericht<x3/>Dann &lt;3")).toBe("Lesen den Jahresbericht Dann <3");
  });

  it("escapes and unescapes any text losslessly, and escaped text never parses as a tag", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("<", ">", "&", "a", "1", "/", "l", "t", ";", "x", " ") }), (text) => {
        const escaped = escapeText(text);
        expect(unescapeText(escaped)).toBe(text);
        expect(escaped).not.toMatch(/<\/?[a-z]\d/);
        expect(parsePlaceholders(escaped, [])).toEqual(text === "" ? { ok: true, parts: [] } : { ok: true, parts: [{ type: "text", text }] });
      }),
    );
  });
});
