// @vitest-environment happy-dom
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blockUnits, isSimplifiable, type ArticleBlock } from "./article-blocks";
import { readFloodBarrierArticle } from "../../../tests/fixtures/reader/read-fixture";
import {
  cancelRewrite,
  changeLevel,
  createMapping,
  finishRewrite,
  markPending,
  nextToSimplify,
  outputBlocks,
  pendingIds,
  resumeSimplifying,
  retryBlock,
  stopSimplifying,
  streamRewrite,
  toggleBlock,
  type ReaderMapping,
} from "./mapping";
import { renderBlock } from "./render-blocks";
import { SIMPLIFY_LEVELS, buildSimplifyMessages, parseSimplified } from "./simplify-prompt";

const { blocks } = readFloodBarrierArticle();
const ids = (list: readonly ArticleBlock[]) => list.map((block) => block.id);
const textIds = ids(blocks.filter(isSimplifiable));
const onScreen = (...visible: string[]) => (block: ArticleBlock) => visible.includes(block.id);
const nothingVisible = () => false;

function simplifyAll(mapping: ReaderMapping, text: (id: string) => string): ReaderMapping {
  let next = mapping;
  for (const id of textIds) next = finishRewrite(markPending(next, [id]), id, next.level, { ok: true, text: text(id) });
  return next;
}

describe("the paragraph mapping", () => {
  it("maps every original block to exactly one output block, in order, starting as the original", () => {
    const output = outputBlocks(createMapping(blocks, "simple"));
    expect(output.map((block) => block.source)).toEqual(blocks);
    expect(output.every((block) => block.state === "original" && block.showing === "original")).toBe(true);
  });

  it("keeps that one-to-one mapping, and passes non-text blocks through, whatever the user does", () => {
    const blockId = fc.constantFrom(...ids(blocks));
    const level = fc.constantFrom(...SIMPLIFY_LEVELS);
    const action = fc.oneof(
      fc.record({ kind: fc.constant("next" as const), visible: fc.array(blockId, { maxLength: 4 }), limit: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant("finish" as const), id: blockId, level, ok: fc.boolean() }),
      fc.record({ kind: fc.constant("stream" as const), id: blockId, level }),
      fc.record({ kind: fc.constant("toggle" as const), id: blockId }),
      fc.record({ kind: fc.constant("level" as const), level, position: fc.integer({ min: -3, max: 30 }) }),
      fc.record({ kind: fc.constant("cancel" as const), id: blockId }),
      fc.record({ kind: fc.constant("stop" as const) }),
      fc.record({ kind: fc.constant("resume" as const) }),
    );
    fc.assert(
      fc.property(fc.array(action, { maxLength: 40 }), (actions) => {
        let mapping = createMapping(blocks, "plain");
        for (const step of actions) {
          if (step.kind === "next") mapping = markPending(mapping, ids(nextToSimplify(mapping, onScreen(...step.visible), step.limit)));
          if (step.kind === "finish" && mapping.pending[step.id] !== undefined) {
            mapping = finishRewrite(mapping, step.id, step.level, step.ok ? { ok: true, text: `simple ${step.id}` } : { ok: false, reason: "too-long" });
          }
          if (step.kind === "stream") mapping = streamRewrite(mapping, step.id, step.level, "partial");
          if (step.kind === "toggle") mapping = toggleBlock(mapping, step.id);
          if (step.kind === "level") mapping = changeLevel(mapping, step.level, step.position);
          if (step.kind === "cancel") mapping = cancelRewrite(mapping, step.id);
          if (step.kind === "stop") mapping = stopSimplifying(mapping);
          if (step.kind === "resume") mapping = resumeSimplifying(mapping);
          const output = outputBlocks(mapping);
          expect(output.map((block) => block.source)).toEqual(blocks);
          for (const block of output) {
            if (!isSimplifiable(block.source)) expect(block).toEqual({ id: block.id, source: block.source, state: "original", showing: "original" });
          }
        }
      }),
    );
  });

  it("simplifies what is on screen first, then what follows, then what is above, nearest first", () => {
    const mapping = createMapping(blocks, "simple");
    const order = ids(nextToSimplify(mapping, onScreen("b5", "b6", "b7"), blocks.length));
    expect(order).toEqual(["b5", "b6", "b7", "b8", "b11", "b13", "b15", "b17", "b2", "b1", "b0"]);
    expect(new Set(order)).toEqual(new Set(textIds));
  });

  it("starts from the reading position when nothing is reported visible, and skips pending and finished blocks", () => {
    let mapping = changeLevel(createMapping(blocks, "simple"), "simple", 8);
    expect(ids(nextToSimplify(mapping, nothingVisible, 3))).toEqual(["b8", "b11", "b13"]);
    mapping = markPending(mapping, ["b8"]);
    mapping = finishRewrite(markPending(mapping, ["b11"]), "b11", "simple", { ok: true, text: "The money for the gates." });
    expect(ids(nextToSimplify(mapping, nothingVisible, 3))).toEqual(["b13", "b15", "b17"]);
  });

  it("shows streamed text while pending, then the rewrite, and toggles only a simplified block", () => {
    let mapping = markPending(createMapping(blocks, "simple"), ["b1"]);
    mapping = streamRewrite(mapping, "b1", "simple", "For three hundred years");
    expect(outputBlocks(mapping)[1]).toMatchObject({ state: "pending", showing: "original", text: "For three hundred years" });
    mapping = finishRewrite(mapping, "b1", "simple", { ok: true, text: "For 300 years the old town flooded." });
    expect(outputBlocks(mapping)[1]).toMatchObject({ state: "simplified", showing: "simplified", text: "For 300 years the old town flooded." });

    const toggled = toggleBlock(mapping, "b1");
    expect(outputBlocks(toggled)[1]).toMatchObject({ state: "simplified", showing: "original" });
    expect(outputBlocks(toggleBlock(toggled, "b1"))[1]).toMatchObject({ state: "simplified", showing: "simplified" });
    // Only b1 changed.
    expect(outputBlocks(toggled).filter((block, index) => block.showing !== outputBlocks(mapping)[index]?.showing).map((block) => block.id)).toEqual(["b1"]);
    for (const id of ["b2", "b3", "b9"]) expect(toggleBlock(mapping, id)).toBe(mapping);
  });

  it("keeps a rejected answer as a failed block showing the original, until retried", () => {
    let mapping = finishRewrite(markPending(createMapping(blocks, "plain"), ["b2"]), "b2", "plain", { ok: false, reason: "other-language" });
    expect(outputBlocks(mapping)[2]).toMatchObject({ state: "failed", showing: "original", failure: "other-language" });
    expect(ids(nextToSimplify(mapping, onScreen("b2"), 1))).not.toContain("b2");
    expect(toggleBlock(mapping, "b2")).toBe(mapping);
    mapping = retryBlock(mapping, "b2");
    expect(ids(nextToSimplify(mapping, onScreen("b2"), 1))).toEqual(["b2"]);
  });

  it("changes level from the reading position and keeps each level's rewrites", () => {
    let mapping = simplifyAll(createMapping(blocks, "simple"), (id) => `simple ${id}`);
    mapping = markPending(toggleBlock(mapping, "b1"), []);
    mapping = changeLevel(mapping, "very-simple", 13);
    expect(outputBlocks(mapping).filter((block) => block.state !== "original")).toEqual([]);
    expect(ids(nextToSimplify(mapping, nothingVisible, 2))).toEqual(["b13", "b15"]);

    mapping = finishRewrite(markPending(mapping, ["b13"]), "b13", "very-simple", { ok: true, text: "very simple b13" });
    mapping = changeLevel(mapping, "simple", 0);
    // Back at "simple": everything is there at once, nothing to ask the model, and b1 is no longer switched back.
    expect(outputBlocks(mapping).filter((block) => block.state === "simplified").map((block) => block.text)).toEqual(textIds.map((id) => `simple ${id}`));
    expect(outputBlocks(mapping)[1]?.showing).toBe("simplified");
    expect(nextToSimplify(mapping, onScreen("b1"), 5)).toEqual([]);
    expect(outputBlocks(changeLevel(mapping, "very-simple", 0))[13]).toMatchObject({ state: "simplified", text: "very simple b13" });
  });

  it("files an answer that arrives after a level change under its own level", () => {
    let mapping = markPending(createMapping(blocks, "plain"), ["b5", "b7"]);
    const inFlight = pendingIds(mapping);
    mapping = changeLevel(mapping, "simple", 5);
    expect(inFlight).toEqual(["b5", "b7"]);
    expect(pendingIds(mapping)).toEqual([]);
    mapping = markPending(mapping, ["b5"]);
    mapping = finishRewrite(mapping, "b5", "plain", { ok: true, text: "plain b5" });
    expect(outputBlocks(mapping)[5]).toMatchObject({ state: "pending" });
    expect(outputBlocks(changeLevel(mapping, "plain", 5))[5]).toMatchObject({ state: "simplified", text: "plain b5" });
  });

  it("stops asking for anything after Stop, keeps what is done, and resumes", () => {
    let mapping = finishRewrite(markPending(createMapping(blocks, "simple"), ["b1"]), "b1", "simple", { ok: true, text: "done" });
    mapping = markPending(mapping, ["b2"]);
    expect(pendingIds(mapping)).toEqual(["b2"]);
    mapping = stopSimplifying(mapping);
    expect(pendingIds(mapping)).toEqual([]);
    expect(nextToSimplify(mapping, onScreen("b2"), 3)).toEqual([]);
    expect(outputBlocks(mapping)[1]).toMatchObject({ state: "simplified", text: "done" });
    expect(outputBlocks(mapping)[2]).toMatchObject({ state: "original" });
    expect(ids(nextToSimplify(resumeSimplifying(mapping), onScreen("b2"), 1))).toEqual(["b2"]);
  });
});

describe("mapping, prompt, parser and renderer together", () => {
  // A stand-in for the model: answers each prompt with chatter around the first sentence of every part it was given.
  function fakeModel(units: readonly string[]): string {
    const firstSentence = (unit: string) => /^.*?[.!?:;](?=\s|$)/.exec(unit)?.[0] ?? unit;
    const body = units.length === 1 ? firstSentence(units[0] ?? "") : units.map((unit, index) => `${index + 1}. ${firstSentence(unit)}`).join("\n");
    return `Sure! Here is the simplified text:\n\n${body}\n\nI hope this helps!`;
  }

  it("rewrites a whole article into one reader block per original block, keeping the original's links and images", () => {
    let mapping = createMapping(blocks, "very-simple");
    for (let round = 0; round < blocks.length; round++) {
      const [block] = nextToSimplify(mapping, onScreen("b0"), 1);
      if (!block) break;
      mapping = markPending(mapping, [block.id]);
      const units = blockUnits(block);
      expect(buildSimplifyMessages(units, mapping.level)[1]?.content).toContain(units[0]);
      const parsed = parseSimplified(fakeModel(units), units);
      mapping = finishRewrite(mapping, block.id, mapping.level, parsed.ok ? { ok: true, text: parsed.units.join("\n") } : { ok: false, reason: parsed.reason });
    }
    const output = outputBlocks(mapping);
    expect(output.filter((block) => isSimplifiable(block.source)).every((block) => block.state === "simplified")).toBe(true);

    const root = document.createElement("main");
    root.append(...output.map((block) => renderBlock(document, block.source, block.showing === "simplified" ? block.text : undefined)));
    expect(Array.from(root.children).map((wrapper) => (wrapper as HTMLElement).dataset.blockId)).toEqual(ids(blocks));
    expect(root.textContent).not.toMatch(/Sure!|I hope this helps/);
    const hrefs = Array.from(root.querySelectorAll("a")).map((a) => a.getAttribute("href"));
    expect(hrefs.sort()).toEqual(blocks.flatMap((block) => block.links.map((link) => link.href)).sort());
    const images = Array.from(root.querySelectorAll("img")).map((img) => img.getAttribute("src"));
    expect(images).toEqual(blocks.flatMap((block) => block.images.map((image) => image.src)));
  });
});
