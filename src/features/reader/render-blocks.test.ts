// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { articleBlocks, blockUnits, type ArticleBlock } from "./article-blocks";
import { readFloodBarrierArticle } from "../../../tests/fixtures/reader/read-fixture";
import { renderArticle, renderBlock, updateBlock } from "./render-blocks";

const { blocks } = readFloodBarrierArticle();
const byId = (id: string): ArticleBlock => {
  const block = blocks.find((candidate) => candidate.id === id);
  if (!block) throw new Error(`no block ${id}`);
  return block;
};
const anchors = (root: ParentNode) => Array.from(root.querySelectorAll("a")).map((a) => ({ text: a.textContent, href: a.getAttribute("href") }));

// Everything the renderer may create; anything else (an onerror, a style, a script) would mean page markup leaked in.
const TAGS = new Set(["div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "figure", "figcaption", "img", "a", "table", "thead", "tbody", "tr", "th", "td", "pre", "code"]);
const ATTRIBUTES = new Set(["class", "data-block-id", "data-kind", "data-showing", "href", "target", "rel", "src", "alt", "loading", "referrerpolicy"]);

describe("renderArticle", () => {
  const root = document.createElement("main");
  root.append(renderArticle(document, blocks));
  const wrappers = Array.from(root.children) as HTMLElement[];

  it("gives every block exactly one wrapper, in order", () => {
    expect(wrappers.map((wrapper) => wrapper.dataset.blockId)).toEqual(blocks.map((block) => block.id));
    expect(wrappers.map((wrapper) => wrapper.dataset.kind)).toEqual(blocks.map((block) => block.kind));
    expect(wrappers.every((wrapper) => wrapper.dataset.showing === "original")).toBe(true);
  });

  it("shows each block's text in the element its kind calls for", () => {
    for (const [index, block] of blocks.entries()) {
      const wrapper = wrappers[index] as HTMLElement;
      const texts = (selector: string) => Array.from(wrapper.querySelectorAll(selector)).map((element) => element.textContent);
      switch (block.kind) {
        case "heading":
          expect(texts(`h${block.level}`)).toEqual([block.text]);
          break;
        case "paragraph":
          expect(texts("p")).toEqual([block.text]);
          break;
        case "list":
          expect(texts(block.ordered ? "ol > li" : "ul > li")).toEqual(blockUnits(block));
          break;
        case "quote":
          expect(texts("blockquote > p")).toEqual(blockUnits(block));
          break;
        case "table":
          expect(Array.from(wrapper.querySelectorAll("tr")).map((tr) => Array.from(tr.children).map((cell) => cell.textContent).join("\t"))).toEqual(block.text.split("\n"));
          expect(wrapper.querySelectorAll("thead th")).toHaveLength(2);
          break;
        case "code":
          expect(texts("pre > code")).toEqual([block.text]);
          break;
        case "figure":
          expect(texts("figcaption")).toEqual([block.text]);
          break;
        case "image":
          expect(wrapper.textContent).toBe("");
          break;
      }
    }
  });

  it("links exactly the original links, and shows exactly the original images", () => {
    expect(anchors(root)).toEqual(blocks.flatMap((block) => block.links.map(({ text, href }) => ({ text, href }))));
    const images = Array.from(root.querySelectorAll("img")).map((img) => ({ src: img.getAttribute("src"), alt: img.getAttribute("alt") }));
    expect(images).toEqual(blocks.flatMap((block) => block.images));
  });

  it("creates only reader elements and attributes, whatever the page's markup carried", () => {
    // The fixture's last paragraph held <img onerror=...>; its rendered image must carry none of that.
    for (const element of Array.from(root.querySelectorAll("*"))) {
      expect(TAGS.has(element.localName), element.localName).toBe(true);
      for (const attribute of Array.from(element.attributes)) expect(ATTRIBUTES.has(attribute.name), attribute.name).toBe(true);
    }
    expect(root.querySelectorAll("img:not([referrerpolicy='no-referrer'])")).toHaveLength(0);
    expect(Array.from(root.querySelectorAll("a")).every((a) => a.rel === "noopener noreferrer")).toBe(true);
  });

  it("shows markup-looking page text as text", () => {
    const [block] = articleBlocks(`<p>&lt;img src=x onerror=alert(1)&gt; was the payload.</p>`);
    const wrapper = renderBlock(document, block as ArticleBlock);
    expect(wrapper.querySelector("img")).toBeNull();
    expect(wrapper.textContent).toBe("<img src=x onerror=alert(1)> was the payload.");
  });
});

describe("renderBlock with a simplified text", () => {
  it("re-links the original's link where its text still occurs, with the original href", () => {
    const wrapper = renderBlock(document, byId("b1"), "The old town often flooded. Now twelve steel gates stop the water. They cost 41 million euros.");
    expect(wrapper.dataset.showing).toBe("simplified");
    expect(anchors(wrapper)).toEqual([{ text: "twelve steel gates", href: "https://news.example/city/2025/11/river-gates-open" }]);
    expect(wrapper.querySelector(".reader-original-links")).toBeNull();
  });

  it("lists the original's links after the text when their text is gone", () => {
    const wrapper = renderBlock(document, byId("b5"), "The engineers picked air. Air has few parts that break.", { originalLinks: "Links:" });
    const listed = wrapper.querySelector(".reader-original-links");
    expect(wrapper.querySelector("p")?.textContent).toBe("The engineers picked air. Air has few parts that break.");
    expect(listed?.textContent).toBe("Links: Ada Lind");
    expect(anchors(wrapper)).toEqual([{ text: "Ada Lind", href: "https://eng.example/people/ada-lind" }]);
  });

  it("never takes a link or markup from the model's text", () => {
    const hostile = 'Click <a href="https://evil.example/">here</a> or go to https://evil.example/x <img src=x onerror=alert(1)>';
    const wrapper = renderBlock(document, byId("b2"), hostile);
    expect(wrapper.querySelectorAll("a, img")).toHaveLength(0);
    expect(wrapper.querySelector("p")?.textContent).toBe(hostile);
  });

  it("keeps a paragraph's images and re-links list items line by line", () => {
    const paragraph = renderBlock(document, byId("b17"), "The readings change every 15 minutes.");
    expect(Array.from(paragraph.querySelectorAll("img")).map((img) => img.getAttribute("src"))).toEqual(["https://news.example/city/2026/04/x"]);
    const list = byId("b8");
    const simplified = ["The river is over 2.4 metres twice.", "The regional forecast says more rain is coming.", "An engineer checks:", "no boat is inside;", "both air pumps work."];
    const wrapper = renderBlock(document, list, simplified.join("\n"));
    expect(Array.from(wrapper.querySelectorAll("ol > li")).map((li) => li.textContent)).toEqual(simplified);
    expect(wrapper.querySelector("ol > li:nth-child(2) > a")?.getAttribute("href")).toBe("https://weather.example/wend-forecast");
  });

  it("updateBlock switches a wrapper between simplified and original in place", () => {
    const block = byId("b1");
    const wrapper = renderBlock(document, block);
    const original = wrapper.cloneNode(true);
    updateBlock(wrapper, block, "Now twelve steel gates keep the town dry.");
    expect(wrapper.dataset.showing).toBe("simplified");
    expect(wrapper.textContent).toBe("Now twelve steel gates keep the town dry.");
    expect(wrapper.querySelector("a")?.textContent).toBe("twelve steel gates");
    updateBlock(wrapper, block);
    expect(wrapper.isEqualNode(original)).toBe(true);
  });
});

describe("renderBlock with an image builder", () => {
  it("puts the builder's element where each image goes and creates no <img> of its own", () => {
    const labels = {
      originalLinks: "Links:",
      image: (doc: Document, image: { src: string; alt: string }) => {
        const stand = doc.createElement("span");
        stand.className = "stand-in";
        stand.textContent = image.alt;
        stand.dataset.src = image.src;
        return stand;
      },
    };
    const root = document.createElement("main");
    root.append(renderArticle(document, blocks, labels));
    expect(root.querySelectorAll("img")).toHaveLength(0);
    const standIns = Array.from(root.querySelectorAll<HTMLElement>(".stand-in")).map((stand) => ({ src: stand.dataset.src, alt: stand.textContent }));
    expect(standIns).toEqual(blocks.flatMap((block) => block.images));
    expect(standIns.length).toBeGreaterThan(0);
    // A simplified paragraph keeps its images through the builder too.
    expect(renderBlock(document, byId("b17"), "The readings change every 15 minutes.", labels).querySelectorAll(".stand-in")).toHaveLength(1);
  });
});

