// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import { applyTranslation } from "./apply";
import { loadArticle } from "../../../tests/fixtures/translate/page-fixtures";
import { ChangeJournal } from "./restore";
import { segment } from "./segment";
import type { TextUnit } from "./units";

// A stand-in translation that keeps every placeholder but changes all words, and moves the first tag pair to the end.
function scramble(source: string): string {
  const words = source.replace(/(<[^>]*>)|([^<]+)/g, (_m, tag?: string, text?: string) => tag ?? `«${text ?? ""}»`);
  const pair = /^(.*?)(<([a-z])(\d+)>.*?<\/\3\4>)(.*)$/.exec(words);
  return pair ? `${pair[1] ?? ""}${pair[5] ?? ""} ${pair[2] ?? ""}` : words;
}

describe("ChangeJournal.restore", () => {
  let journal: ChangeJournal;
  beforeEach(() => {
    journal = new ChangeJournal();
    document.body.innerHTML = "";
  });

  it("gives back an identical page after translating the whole article fixture", () => {
    const main = loadArticle(document);
    const host = document.getElementById("host");
    const shadowBefore = host?.shadowRoot?.innerHTML;
    const before = main.cloneNode(true);
    const htmlBefore = main.outerHTML;
    const link = document.getElementById("link");

    const units = segment(document);
    const outcomes = units.map((unit) => applyTranslation(unit, scramble(unit.source), journal, { code: "he", dir: "rtl" }));
    expect(outcomes.every((outcome) => outcome === "translated")).toBe(true);
    expect(main.outerHTML).not.toBe(htmlBefore);
    expect(document.getElementById("headline")?.getAttribute("lang")).toBe("he");
    expect(document.getElementById("photo")?.getAttribute("alt")).toBe("«A river at dawn»");

    journal.restore();

    expect(main.outerHTML).toBe(htmlBefore);
    expect(main.isEqualNode(before)).toBe(true);
    expect(host?.shadowRoot?.innerHTML).toBe(shadowBefore);
    expect(document.getElementById("link")).toBe(link);
    expect(document.getElementById("headline")?.hasAttribute("lang")).toBe(false);
    expect(journal.size).toBe(0);
  });

  it("restores the page's own lang and dir values rather than removing them", () => {
    document.body.innerHTML = `<p id="p" lang="en-GB" dir="ltr">Colour</p>`;
    const [unit] = segment(document.body);
    if (!unit) throw new Error("fixture");
    applyTranslation(unit, "لون", journal, { code: "ar", dir: "rtl" });
    journal.restore();
    expect(document.body.innerHTML).toBe(`<p id="p" lang="en-GB" dir="ltr">Colour</p>`);
  });

  it("undoes a translation that moved an element out of a sibling rebuilt later in the same unit", () => {
    document.body.innerHTML = `<p id="p"><a href="/a">p</a> <b>q <i>r</i></b> tail</p>`;
    const paragraph = document.getElementById("p");
    const htmlBefore = paragraph?.outerHTML;
    const [unit] = segment(document.body) as TextUnit[];
    if (!unit) throw new Error("fixture");
    expect(unit.source).toBe("<a1>p</a1> <b2>q <i3>r</i3></b2> tail");
    expect(applyTranslation(unit, "<a1>P <i3>R</i3></a1> <b2>Q</b2> Ende", journal, { code: "de", dir: null })).toBe("translated");
    expect(paragraph?.innerHTML).toBe(`<a href="/a">P <i>R</i></a> <b>Q</b> Ende`);
    journal.restore();
    expect(paragraph?.outerHTML).toBe(htmlBefore);
  });

  it("keeps what the page added after translation when putting the original back", () => {
    document.body.innerHTML = `<div id="d"><p>First words</p>Loose text</div>`;
    const container = document.getElementById("d");
    const units = segment(document.body);
    for (const unit of units) applyTranslation(unit, `T ${unit.source}`, journal, { code: "de", dir: null });
    const added = document.createElement("p");
    added.append("Added by the page");
    container?.append(added);
    journal.restore();
    expect(container?.innerHTML).toBe(`<p>First words</p>Loose text<p>Added by the page</p>`);
  });
});
