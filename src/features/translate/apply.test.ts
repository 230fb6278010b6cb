// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import { applyTranslation, isUnitIntact } from "./apply";
import { ChangeJournal } from "./restore";
import { segment } from "./segment";
import type { AttributeUnit, TextUnit, TranslationUnit } from "./units";

const german = { code: "de", dir: null } as const;

function textUnits(units: readonly TranslationUnit[]): TextUnit[] {
  return units.filter((unit): unit is TextUnit => unit.kind === "text");
}

function onlyTextUnit(html: string): TextUnit {
  document.body.innerHTML = html;
  const [unit] = textUnits(segment(document.body));
  if (!unit) throw new Error("no text unit");
  return unit;
}

describe("applyTranslation", () => {
  let journal: ChangeJournal;
  beforeEach(() => {
    journal = new ChangeJournal();
  });

  it("reuses the original link element: same node, same href, and its listener still fires", () => {
    const unit = onlyTextUnit(`<p id="p">Read the <a id="link" href="https://example.org/r" class="ext">full <strong>annual</strong> report</a> now.</p>`);
    const link = document.getElementById("link");
    const strong = link?.querySelector("strong");
    let clicks = 0;
    link?.addEventListener("click", () => (clicks += 1));

    const outcome = applyTranslation(unit, "Lesen Sie den <a1>vollständigen <b2>Jahres</b2>bericht</a1> jetzt.", journal, german);

    expect(outcome).toBe("translated");
    const paragraph = document.getElementById("p");
    expect(paragraph?.textContent).toBe("Lesen Sie den vollständigen Jahresbericht jetzt.");
    expect(paragraph?.querySelector("a")).toBe(link);
    expect(link?.querySelector("strong")).toBe(strong);
    expect(link?.getAttribute("href")).toBe("https://example.org/r");
    expect(link?.className).toBe("ext");
    link?.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(clicks).toBe(1);
    expect(paragraph?.getAttribute("lang")).toBe("de");
  });

  it("reorders inline nodes as the translation dictates, moving one element into another", () => {
    const unit = onlyTextUnit(`<p id="p"><a href="/a">one</a> and <b>two</b> and <i>three</i></p>`);
    const [a, b, i] = unit.slots.map((slot) => slot.node);
    expect(applyTranslation(unit, "<i3>drei</i3>, <a1>eins <b2>zwei</b2></a1>", journal, german)).toBe("translated");
    const paragraph = document.getElementById("p");
    expect(paragraph?.innerHTML).toBe(`<i>drei</i>, <a href="/a">eins <b>zwei</b></a>`);
    expect(paragraph?.firstChild).toBe(i);
    expect(a?.lastChild).toBe(b);
  });

  it("keeps void slots (an image, a line break, inline code) untouched", () => {
    const unit = onlyTextUnit(`<p id="p">Run <code>npm test</code> now<br>and see <img src="x.png" alt="">.</p>`);
    const code = document.querySelector("code");
    expect(unit.source).toBe("Run <x1/> now<x2/>and see <x3/>.");
    applyTranslation(unit, "Führe <x1/> jetzt aus<x2/>und sieh <x3/>.", journal, german);
    expect(document.getElementById("p")?.innerHTML).toBe(`Führe <code>npm test</code> jetzt aus<br>und sieh <img src="x.png" alt="">.`);
    expect(document.querySelector("code")).toBe(code);
  });

  it("falls back to plain text for that unit alone when placeholders come back broken", () => {
    document.body.innerHTML = `<p id="p1">Read the <a href="/r">report</a> now.</p><p id="p2">Visit <a id="home" href="/">home</a>.</p>`;
    const [first, second] = textUnits(segment(document.body));
    if (!first || !second) throw new Error("fixture");

    expect(applyTranslation(first, "Lesen Sie den <a1>Bericht jetzt.", journal, german)).toBe("plain-text");
    expect(applyTranslation(second, "Besuche die <a1>Startseite</a1>.", journal, german)).toBe("translated");

    const p1 = document.getElementById("p1");
    expect(p1?.childNodes.length).toBe(1);
    expect(p1?.textContent).toBe("Lesen Sie den Bericht jetzt.");
    expect(p1?.getAttribute("lang")).toBe("de");
    expect(document.getElementById("p2")?.innerHTML).toBe(`Besuche die <a id="home" href="/">Startseite</a>.`);
  });

  it("never builds markup from the translation: tags the unit does not have stay text", () => {
    const unit = onlyTextUnit(`<p id="p">Plain words</p>`);
    expect(applyTranslation(unit, `<img src=x onerror="alert(1)"> Wörter`, journal, german)).toBe("translated");
    const paragraph = document.getElementById("p");
    expect(paragraph?.querySelector("img")).toBeNull();
    expect(paragraph?.textContent).toBe(`<img src=x onerror="alert(1)"> Wörter`);
  });

  it("refuses to write a unit the page changed since it was segmented", () => {
    const unit = onlyTextUnit(`<p id="p">Hello <b>bold</b> world</p>`);
    expect(isUnitIntact(unit)).toBe(true);
    document.querySelector("b")?.append(" and more");
    expect(isUnitIntact(unit)).toBe(false);
    expect(applyTranslation(unit, "Hallo <b1>fett</b1> Welt", journal, german)).toBe("stale");
    expect(document.getElementById("p")?.textContent).toBe("Hello bold and more world");
    expect(journal.size).toBe(0);
  });

  it("does not write an empty translation", () => {
    const unit = onlyTextUnit(`<p id="p">Hello</p>`);
    expect(applyTranslation(unit, "  <x1/> ", journal, german)).toBe("empty");
    expect(document.getElementById("p")?.textContent).toBe("Hello");
  });

  it("writes attribute translations and sets dir for a right-to-left target", () => {
    document.body.innerHTML = `<p id="p" title="A hint">Good morning</p>`;
    const units = segment(document.body);
    const attribute = units.find((unit): unit is AttributeUnit => unit.kind === "attribute");
    const [text] = textUnits(units);
    if (!attribute || !text) throw new Error("fixture");
    const arabic = { code: "ar", dir: "rtl" } as const;
    expect(applyTranslation(attribute, "تلميح", journal, arabic)).toBe("translated");
    expect(applyTranslation(text, "صباح الخير", journal, arabic)).toBe("translated");
    const paragraph = document.getElementById("p");
    expect(paragraph?.getAttribute("title")).toBe("تلميح");
    expect(paragraph?.getAttribute("lang")).toBe("ar");
    expect(paragraph?.getAttribute("dir")).toBe("rtl");
    expect(journal.isOwnAttribute(paragraph as Element, "title")).toBe(true);
  });
});
