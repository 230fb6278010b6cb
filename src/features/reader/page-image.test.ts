// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { copyPageImage, findPageImage } from "./page-image";

function page(markup: string): Document {
  const doc = document.implementation.createHTMLDocument("page");
  const base = doc.createElement("base");
  base.href = "https://news.example/city/story.html";
  doc.head.append(base);
  const parser = new DOMParser().parseFromString(`<body>${markup}</body>`, "text/html");
  doc.body.append(...Array.from(parser.body.childNodes).map((node) => doc.importNode(node, true)));
  return doc;
}

describe("findPageImage", () => {
  it("finds the page's image by its resolved src or by a srcset entry", () => {
    const doc = page(`<img id="a" src="https://news.example/img/gates.jpg" alt="a"><img id="b" src="https://news.example/img/small.jpg" srcset="/img/small.jpg 1x, /img/large.jpg 2x" alt="b">`);
    expect(findPageImage(doc, "https://news.example/img/gates.jpg")?.id).toBe("a");
    expect(findPageImage(doc, "https://news.example/img/large.jpg")?.id).toBe("b");
    expect(findPageImage(doc, "https://news.example/img/other.jpg")).toBeNull();
  });
});

describe("copyPageImage", () => {
  it("says why it cannot copy an image that is gone or not loaded", () => {
    const doc = page(`<img src="https://news.example/img/gates.jpg" alt="a">`);
    expect(copyPageImage(doc, "https://news.example/img/missing.jpg")).toEqual({ refused: "not-found" });
    // Nothing loads in this test document, so the image has no pixels yet.
    expect(copyPageImage(doc, "https://news.example/img/gates.jpg")).toEqual({ refused: "not-loaded" });
  });
});
