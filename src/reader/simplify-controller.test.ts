import { describe, expect, it, vi } from "vitest";
import type { ArticleBlock } from "../features/reader/article-blocks";
import type { SimplifyChunk } from "../features/reader/protocol";
import type { SimplifyLevel } from "../features/reader/simplify-prompt";
import { AbortedError, ContextOverflowError, ModelNotLoadedError } from "../shared/protocol/errors";
import { SimplifyController, type ReaderSnapshot, type SimplifyStream } from "./simplify-controller";

const paragraph = (index: number): ArticleBlock => ({ id: `b${index}`, kind: "paragraph", text: `Paragraph ${index} of the article.`, links: [], images: [] });
const heading: ArticleBlock = { id: "h", kind: "heading", level: 2, text: "A heading", links: [], images: [] };
const BLOCKS = [paragraph(0), paragraph(1), heading, paragraph(2), paragraph(3), paragraph(4), paragraph(5)];

interface Call {
  id: string;
  level: SimplifyLevel;
  signal: AbortSignal;
}

type Behaviour = (call: Call) => AsyncGenerator<SimplifyChunk>;

/** A rewrite that answers at once: "<level>: <the original>". */
const instant: Behaviour = async function* ({ id, level }) {
  yield { kind: "queued", position: 0 };
  yield { kind: "result", outcome: { ok: true, units: [`${level}: ${id}`] } };
};

/** A rewrite that streams a preview and then waits until it is aborted. */
const endless: Behaviour = async function* ({ signal }) {
  yield { kind: "preview", units: ["Half a"] };
  await new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(new AbortedError()), { once: true }));
};

function setup(behaviour: (call: Call) => AsyncGenerator<SimplifyChunk> = instant, level: SimplifyLevel = "simple") {
  const calls: Call[] = [];
  const snapshots: ReaderSnapshot[] = [];
  const stream: SimplifyStream = (units, callLevel, signal) => {
    const id = BLOCKS.find((block) => block.text === units[0])?.id ?? "?";
    const call = { id, level: callLevel, signal };
    calls.push(call);
    return behaviour(call);
  };
  const controller = new SimplifyController(BLOCKS, level, stream, (snapshot) => snapshots.push(snapshot));
  const last = () => controller.snapshot();
  const state = (id: string) => last().outputs.find((output) => output.id === id);
  const see = (visible: string[], near: string[]) => controller.setVisibility(new Set(visible), new Set([...visible, ...near]));
  const settled = (phases: ReaderSnapshot["phase"][]) => vi.waitFor(() => expect(phases).toContain(last().phase));
  return { controller, calls, snapshots, last, state, see, settled };
}

describe("SimplifyController", () => {
  it("rewrites what is on screen first, then just below it, and nothing further until it is read", async () => {
    const { calls, last, state, see, settled } = setup();
    see(["b0", "b1"], ["h", "b2"]);
    await settled(["idle"]);
    expect(calls.map((call) => call.id)).toEqual(["b0", "b1", "b2"]);
    expect(state("b1")).toMatchObject({ state: "simplified", text: "simple: b1" });
    expect(state("b3")?.state).toBe("original");
    expect(last()).toMatchObject({ total: 6, simplified: 3, kept: 0 });

    see(["b4"], ["b5"]);
    await vi.waitFor(() => expect(calls.map((call) => call.id)).toEqual(["b0", "b1", "b2", "b4", "b5"]));
    // b3 was scrolled past unread: it is only rewritten once it is seen.
    see(["b3"], []);
    await settled(["done"]);
    expect(calls.at(-1)?.id).toBe("b3");
  });

  it("re-simplifies from the reading position at a new level, and reuses a level's rewrites on the way back", async () => {
    const { controller, calls, state, see, settled } = setup();
    see(["b0", "b1", "b2", "b3", "b4", "b5"], []);
    await settled(["done"]);
    see(["b3", "b4"], []);
    controller.setLevel("very-simple");
    await settled(["idle"]);
    expect(calls.slice(6).map((call) => `${call.id}@${call.level}`)).toEqual(["b3@very-simple", "b4@very-simple"]);
    expect(state("b0")?.state).toBe("original");
    expect(state("b3")).toMatchObject({ state: "simplified", text: "very-simple: b3" });

    controller.setLevel("simple");
    await settled(["done"]);
    expect(calls).toHaveLength(8);
    expect(state("b3")?.text).toBe("simple: b3");
  });

  it("stops at once: the block in flight is aborted and keeps its original; Continue asks again", async () => {
    const { controller, calls, state, see, settled } = setup(endless);
    see(["b0"], []);
    await vi.waitFor(() => expect(state("b0")).toMatchObject({ state: "pending", text: "Half a" }));
    controller.stop();
    expect(calls[0]?.signal.aborted).toBe(true);
    expect(state("b0")?.state).toBe("original");
    await settled(["stopped"]);
    see(["b0", "b1"], []);
    expect(calls).toHaveLength(1);
    controller.resume();
    await vi.waitFor(() => expect(calls.map((call) => call.id)).toEqual(["b0", "b0"]));
    controller.dispose();
    expect(calls[1]?.signal.aborted).toBe(true);
  });

  it("ignores what an aborted rewrite still delivers after a level change", async () => {
    let release!: () => void;
    const late = new Promise<void>((resolve) => (release = resolve));
    const { controller, calls, state, see } = setup(async function* (call) {
      if (call.level === "simple") {
        // Deaf to the abort: it answers anyway, late.
        await late;
        yield { kind: "preview", units: ["stale"] };
        yield { kind: "result", outcome: { ok: true, units: ["stale"] } };
        return;
      }
      yield* endless(call);
    });
    see(["b0"], []);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    controller.setLevel("plain");
    await vi.waitFor(() => expect(state("b0")).toMatchObject({ state: "pending", text: "Half a" }));
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(state("b0")).toMatchObject({ state: "pending", text: "Half a" });
    controller.setLevel("simple");
    expect(state("b0")?.state).not.toBe("simplified");
    controller.dispose();
  });

  it("keeps one block's original when it is too long for the model, and goes on", async () => {
    const { calls, state, see, settled } = setup(async function* (call) {
      if (call.id === "b0") throw new ContextOverflowError("too long");
      yield* instant(call);
    });
    see(["b0", "b1"], []);
    await settled(["idle"]);
    expect(state("b0")).toMatchObject({ state: "failed", failure: "error" });
    expect(state("b1")?.state).toBe("simplified");
    expect(calls).toHaveLength(2);
  });

  it("stops everything when the engine cannot run, and tries again on request", async () => {
    let ready = false;
    const { controller, calls, last, state, see, settled } = setup(async function* (call) {
      if (!ready) throw new ModelNotLoadedError("No model is ready yet.");
      yield* instant(call);
    });
    see(["b0", "b1"], []);
    await settled(["error"]);
    expect(last().error).toBeInstanceOf(ModelNotLoadedError);
    expect(calls).toHaveLength(1);
    expect(state("b0")?.state).toBe("original");
    ready = true;
    controller.resume();
    await settled(["idle"]);
    expect(last().error).toBeNull();
    expect(state("b1")?.state).toBe("simplified");
  });

  it("flips a simplified block and retries a kept one", async () => {
    let answer: SimplifyChunk = { kind: "result", outcome: { ok: false, reason: "other-language" } };
    const { controller, calls, state, see, settled } = setup(async function* (call) {
      if (call.id === "b1") yield answer;
      else yield* instant(call);
    });
    see(["b0", "b1"], []);
    await settled(["idle"]);
    expect(state("b1")).toMatchObject({ state: "failed", failure: "other-language", showing: "original" });
    controller.toggle("b0");
    expect(state("b0")).toMatchObject({ state: "simplified", showing: "original" });
    controller.toggle("b0");
    expect(state("b0")?.showing).toBe("simplified");

    answer = { kind: "result", outcome: { ok: true, units: ["Now in English."] } };
    controller.retry("b1");
    await settled(["idle"]);
    expect(calls.map((call) => call.id)).toEqual(["b0", "b1", "b1"]);
    expect(state("b1")).toMatchObject({ state: "simplified", text: "Now in English." });
  });
});
