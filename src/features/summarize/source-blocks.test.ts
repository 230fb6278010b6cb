import { describe, expect, it } from "vitest";
import { orderedSources, pageBlockIndex, pageDocBlocks, selectionDocBlocks } from "./source-blocks";

describe("source blocks", () => {
  it("turns page blocks into DocBlocks whose anchor names the block, and back", () => {
    const docs = pageDocBlocks([
      { kind: "heading", text: "Title", level: 2, sourceRef: { kind: "page", index: 0 } },
      { kind: "list-item", text: "Item", sourceRef: { kind: "page", index: 1 } },
    ]);
    expect(docs).toEqual([
      { kind: "heading", text: "Title", level: 2, sourceRef: { anchor: "page:0" } },
      { kind: "list-item", text: "Item", sourceRef: { anchor: "page:1" } },
    ]);
    expect(docs.map((doc) => pageBlockIndex(doc.sourceRef))).toEqual([0, 1]);
    expect(pageBlockIndex({ page: 3 })).toBeNull();
    expect(pageBlockIndex({ anchor: "page:x" })).toBeNull();
  });

  it("splits a selection at blank lines, or at line breaks when it has none", () => {
    expect(selectionDocBlocks("First  para\ncontinues.\n\n\nSecond para.").map((b) => b.text)).toEqual(["First para continues.", "Second para."]);
    expect(selectionDocBlocks("one\r\ntwo\n").map((b) => b.text)).toEqual(["one", "two"]);
    expect(selectionDocBlocks("   ")).toEqual([]);
  });

  it("orders a point's sources by place in the document, without repeats or empty references", () => {
    expect(orderedSources([{ anchor: "page:9" }, { anchor: "page:2" }, { anchor: "page:9" }, {}])).toEqual([{ anchor: "page:2" }, { anchor: "page:9" }]);
    expect(orderedSources([{ page: 4 }, { page: 1 }, { page: 4 }])).toEqual([{ page: 1 }, { page: 4 }]);
  });
});
