// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { articleBlocks, blockUnits, isSimplifiable } from "./article-blocks";
import { readFloodBarrierArticle } from "../../../tests/fixtures/reader/read-fixture";

// Table cells sit side by side with no whitespace between them, so compare text with all whitespace removed.
const letters = (text: string) => text.replace(/\s+/g, "");

describe("articleBlocks on Readability's output for a news page", () => {
  const article = readFloodBarrierArticle();
  const content = new DOMParser().parseFromString(article.content, "text/html");

  it("reads the article's blocks in reading order", () => {
    expect(article.title).toBe("How the new river gates keep the old town dry");
    expect(article.blocks.map((block) => block.kind)).toEqual([
      "paragraph", // byline
      "paragraph",
      "paragraph",
      "figure",
      "heading",
      "paragraph",
      "quote",
      "paragraph",
      "list",
      "image",
      "heading",
      "paragraph", // table caption
      "table",
      "paragraph",
      "heading",
      "paragraph",
      "code",
      "paragraph",
    ]);
    expect(article.blocks.map((block) => block.id)).toEqual(article.blocks.map((_, index) => `b${index}`));
  });

  it("loses no word of the article and adds none", () => {
    const fromBlocks = article.blocks.filter((block) => block.kind !== "image").map((block) => letters(block.text));
    expect(fromBlocks.join("")).toBe(letters(content.body.textContent ?? ""));
  });

  it("keeps every link once, with its href, its text at its offset, in order", () => {
    const original = Array.from(content.querySelectorAll("a[href]")).map((a) => ({
      text: (a.textContent ?? "").replace(/\s+/g, " ").trim(),
      href: a.getAttribute("href"),
    }));
    const kept = article.blocks.flatMap((block) => block.links.map(({ text, href }) => ({ text, href })));
    expect(kept).toEqual(original);
    for (const block of article.blocks) {
      for (const link of block.links) expect(block.text.slice(link.start, link.start + link.text.length)).toBe(link.text);
    }
  });

  it("keeps every image once, with its source and alt text, in order", () => {
    const original = Array.from(content.querySelectorAll("img")).map((img) => ({ src: img.getAttribute("src"), alt: img.getAttribute("alt") ?? "" }));
    expect(article.blocks.flatMap((block) => block.images)).toEqual(original);
    const figure = article.blocks.find((block) => block.kind === "figure");
    expect(figure?.text).toBe("The gates raised during the January test. Photo: Jonas Bree");
  });

  it("gives headings their level, lists their items (nested ones after their parent), quotes their paragraphs", () => {
    expect(article.blocks.filter((block) => block.kind === "heading").map((block) => [block.level, block.text])).toEqual([
      [2, "Why air, and not motors"],
      [2, "What it cost, and who paid"],
      [3, "For readers who want the numbers"],
    ]);
    const list = article.blocks.find((block) => block.kind === "list");
    expect(list?.ordered).toBe(true);
    expect(list && blockUnits(list)).toEqual([
      "The Fennbridge gauge reads above 2.4 metres for two readings in a row.",
      "The regional forecast expects more rain within twelve hours.",
      "The duty engineer confirms both on site, checking:",
      "that no boat is moored inside the gate line;",
      "that both air compressors start.",
    ]);
    const quote = article.blocks.find((block) => block.kind === "quote");
    expect(quote && blockUnits(quote)).toEqual([
      "We did not build a wall. We built a wall that is only there when the river asks for it.",
      "— Ada Lind, lead engineer",
    ]);
  });

  it("keeps a table's rows and cells, and a code sample's whitespace", () => {
    const table = article.blocks.find((block) => block.kind === "table");
    expect(table?.headerRows).toBe(1);
    expect(table?.text.split("\n").map((row) => row.split("\t"))).toEqual([
      ["Source", "Amount"],
      ["National flood fund", "26"],
      ["City council", "11"],
      ["Insurers' pledge", "4"],
    ]);
    const code = article.blocks.find((block) => block.kind === "code");
    expect(code?.text).toBe(content.querySelector("pre")?.textContent?.trimEnd());
    expect(code?.text.split("\n")).toHaveLength(2);
  });

  it("offers only paragraphs, lists and quotes for simplifying", () => {
    const kinds = new Set(article.blocks.filter(isSimplifiable).map((block) => block.kind));
    expect(kinds).toEqual(new Set(["paragraph", "list", "quote"]));
  });
});

describe("articleBlocks on markup Readability may leave", () => {
  const base = "https://site.example/a/page.html";

  it("drops links it must not follow but keeps their text, and resolves relative ones", () => {
    const [block] = articleBlocks(
      `<p>See <a href="javascript:alert(1)">this</a>, <a href="data:text/html,x">that</a>, <a href="../b/next.html">the next page</a> and <a href="mailto:desk@site.example">the desk</a>.</p>`,
      { baseUrl: base },
    );
    expect(block?.text).toBe("See this, that, the next page and the desk.");
    expect(block?.links).toEqual([
      { text: "the next page", href: "https://site.example/b/next.html", start: 16 },
      { text: "the desk", href: "mailto:desk@site.example", start: 34 },
    ]);
  });

  it("keeps only image sources the reader may load", () => {
    const blocks = articleBlocks(
      `<p><img src="javascript:x" alt="a"><img src="data:text/html,x" alt="b"><img src="data:image/png;base64,AAAA" alt="c"><img src="pic.jpg" alt="d"></p>`,
      { baseUrl: base },
    );
    expect(blocks.map((block) => [block.kind, block.images[0]?.src])).toEqual([
      ["image", "data:image/png;base64,AAAA"],
      ["image", "https://site.example/a/pic.jpg"],
    ]);
  });

  it("splits text mixed with blocks inside a container, and reads blocks nested in inline elements", () => {
    const blocks = articleBlocks(`<div>Loose <b>text</b> first.<p>A paragraph.</p>Loose text after.<span><p>Inside a span.</p></span></div>`);
    expect(blocks.map((block) => [block.kind, block.text])).toEqual([
      ["paragraph", "Loose text first."],
      ["paragraph", "A paragraph."],
      ["paragraph", "Loose text after."],
      ["paragraph", "Inside a span."],
    ]);
  });

  it("ignores scripts, styles, forms and media, and reads a figure around a quote as its content", () => {
    const blocks = articleBlocks(
      `<script>var a = 1;</script><style>p{}</style><p>Kept.</p><form><button>Buy</button></form><video src="v.mp4"></video>` +
        `<figure><blockquote><p>Said once.</p></blockquote><figcaption>Someone</figcaption></figure><hr>`,
    );
    expect(blocks.map((block) => [block.kind, block.text])).toEqual([
      ["paragraph", "Kept."],
      ["quote", "Said once."],
      ["paragraph", "Someone"],
    ]);
  });

  it("treats a first row of th cells as a header without thead, and a link across inline markup as one link", () => {
    const [table, paragraph] = articleBlocks(
      `<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>` +
        `<p>Read <a href="https://x.example/"><em>the</em> full <b>report</b></a> today.</p>`,
    );
    expect(table?.headerRows).toBe(1);
    expect(paragraph?.links).toEqual([{ text: "the full report", href: "https://x.example/", start: 5 }]);
  });

  it("keeps markup-looking page text as text", () => {
    const [block] = articleBlocks(`<p>&lt;img src=x onerror=alert(1)&gt; is how the attack looked.</p>`);
    expect(block?.text).toBe("<img src=x onerror=alert(1)> is how the attack looked.");
    expect(block?.images).toEqual([]);
  });
});
