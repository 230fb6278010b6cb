import { describe, expect, it } from "vitest";
import { layoutPage, type PositionedText } from "./layout";

/** Lines of text laid out top-down like a PDF page (y grows upward); widths at 0.5 em per character. */
function lines(texts: readonly string[], options: { x?: number; top?: number; size?: number; pitch?: number } = {}): PositionedText[] {
  const { x = 72, top = 720, size = 10, pitch = 12 } = options;
  return texts.map((text, i) => ({ text, x, y: top - i * pitch, width: text.length * size * 0.5, fontSize: size }));
}

describe("layoutPage", () => {
  it("joins lines into paragraphs, splitting at a larger gap and undoing end-of-line hyphens", () => {
    const page = [
      ...lines(["The committee reviewed the infor-", "mation and the Franco-", "Prussian records."]),
      ...lines(["A second paragraph starts here."], { top: 720 - 3 * 12 - 8 }),
    ];
    expect(layoutPage(page)).toEqual([
      { kind: "paragraph", text: "The committee reviewed the information and the Franco- Prussian records." },
      { kind: "paragraph", text: "A second paragraph starts here." },
    ]);
  });

  it("keeps double-spaced text as one paragraph", () => {
    const page = lines(["Line one of a long", "paragraph that is double", "spaced throughout."], { pitch: 24 });
    expect(layoutPage(page)).toHaveLength(1);
  });

  it("finds headings by font size and list items by their markers", () => {
    const page = [
      ...lines(["Annual Report"], { size: 20, top: 760 }),
      ...lines(["Results"], { size: 13, top: 730 }),
      ...lines(["Sales grew this year.", "• Costs fell", "• Staff grew and", "hiring continues", "2) Profit rose"], { top: 710 }),
    ];
    expect(layoutPage(page)).toEqual([
      { kind: "heading", text: "Annual Report", level: 1 },
      { kind: "heading", text: "Results", level: 2 },
      { kind: "paragraph", text: "Sales grew this year." },
      { kind: "list-item", text: "• Costs fell" },
      { kind: "list-item", text: "• Staff grew and hiring continues" },
      { kind: "list-item", text: "2) Profit rose" },
    ]);
  });

  it("reads two columns left first, with a full-width title and footer in place", () => {
    const left = ["L1 the left column", "L2 continues here", "L3 and ends here."];
    const right = ["R1 the right column", "R2 continues here", "R3 and ends here."];
    const page = [
      { text: "A Title Spanning Both Columns Of The Page For Sure", x: 72, y: 760, width: 450, fontSize: 10 },
      ...lines(left, { x: 72, top: 730 }),
      ...lines(right, { x: 320, top: 730 }),
      { text: "Footer text that spans the whole width of the page too", x: 72, y: 600, width: 450, fontSize: 10 },
    ];
    const text = layoutPage(page).map((b) => b.text).join(" | ");
    expect(text.indexOf("L3")).toBeLessThan(text.indexOf("R1"));
    expect(text.indexOf("Title")).toBeLessThan(text.indexOf("L1"));
    expect(text.indexOf("R3")).toBeLessThan(text.indexOf("Footer"));
    expect(text).not.toMatch(/L1.*R1.*L2/);
  });

  it("reads misaligned columns in order and carries an unfinished sentence into the next column", () => {
    const page = [
      ...lines(["First column text that", "runs down the page", "and keeps on going"], { x: 72, top: 700 }),
      ...lines(["into the second column.", "Then a new sentence", "ends the page."], { x: 320, top: 705 }),
    ];
    const blocks = layoutPage(page);
    expect(blocks[0]?.text).toBe("First column text that runs down the page and keeps on going into the second column. Then a new sentence ends the page.");
  });

  it("does not mistake ragged single-column text for two columns", () => {
    const page = lines([
      "This is a long line of prose that fills the measure.",
      "Short line.",
      "Another long line of prose that fills the whole measure.",
      "Yet another long line of prose filling the measure.",
      "End.",
      "Sign.",
    ]);
    page.splice(3, 0, { text: "An indented quote.", x: 250, y: 690, width: 90, fontSize: 10 });
    page.push({ text: "Signed by the author", x: 250, y: 600, width: 100, fontSize: 10 });
    const text = layoutPage(page).map((b) => b.text).join(" ");
    expect(text.startsWith("This is a long line")).toBe(true);
    expect(text.indexOf("Short line")).toBeLessThan(text.indexOf("An indented quote"));
    expect(text.indexOf("An indented quote")).toBeLessThan(text.indexOf("Yet another"));
  });

  it("spaces runs by their gaps and drops a lone page number", () => {
    const page: PositionedText[] = [
      { text: "Hello", x: 72, y: 700, width: 25, fontSize: 10 },
      { text: "world", x: 100, y: 700, width: 25, fontSize: 10 },
      { text: "wide", x: 128, y: 700, width: 20, fontSize: 10 },
      { text: "ly", x: 148.5, y: 700, width: 10, fontSize: 10 },
      { text: "12", x: 300, y: 40, width: 10, fontSize: 10 },
    ];
    expect(layoutPage(page)).toEqual([{ kind: "paragraph", text: "Hello world widely" }]);
  });

  it("joins Chinese lines without a space and orders right-to-left runs", () => {
    expect(layoutPage(lines(["人工智能正在改变", "我们的生活。"]))[0]?.text).toBe("人工智能正在改变我们的生活。");
    const rtl: PositionedText[] = [
      { text: "שלום", x: 200, y: 700, width: 30, fontSize: 10, dir: "rtl" },
      { text: "עולם", x: 160, y: 700, width: 30, fontSize: 10, dir: "rtl" },
    ];
    expect(layoutPage(rtl)[0]?.text).toBe("שלום עולם");
  });

  it("returns nothing for a page without visible text", () => {
    expect(layoutPage([{ text: "  ", x: 0, y: 0, width: 5, fontSize: 10 }])).toEqual([]);
  });
});
