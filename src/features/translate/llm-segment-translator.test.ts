import { describe, expect, it } from "vitest";
import type { GenerateChunk, GenerateOptions } from "../../engine/engine";
import { AbortedError } from "../../shared/protocol/errors";
import { createLlmSegmentTranslator } from "./llm-segment-translator";
import { routeTranslators, type SegmentTranslator, type TranslatedSegment } from "./segment-translator";

// A scripted engine: streams `answer` in small chunks and records what it was asked.
function scriptedEngine(answer: string) {
  const calls: GenerateOptions[] = [];
  async function* generate(options: GenerateOptions): AsyncGenerator<GenerateChunk> {
    calls.push(options);
    for (let index = 0; index < answer.length; index += 3) {
      if (options.signal?.aborted) throw new AbortedError();
      yield { text: answer.slice(index, index + 3) };
    }
  }
  return { calls, generate };
}

async function collect(iterable: AsyncIterable<TranslatedSegment>): Promise<TranslatedSegment[]> {
  const out: TranslatedSegment[] = [];
  for await (const segment of iterable) out.push(segment);
  return out;
}

describe("createLlmSegmentTranslator", () => {
  it("sends one greedy numbered prompt and yields the parsed lines", async () => {
    const engine = scriptedEngine("Here you go:\n[1] Hallo <b1>Welt</b1>\n[2] Tschüss");
    const translator = createLlmSegmentTranslator({ generate: engine.generate });
    const result = await collect(translator.translateBatch(["Hello <b1>world</b1>", "Bye"], { from: "en", to: "de" }));
    expect(result).toEqual([
      { index: 0, text: "Hallo <b1>Welt</b1>" },
      { index: 1, text: "Tschüss" },
    ]);
    expect(engine.calls).toHaveLength(1);
    expect(engine.calls[0]?.temperature).toBe(0);
    expect(engine.calls[0]?.messages.at(-1)?.content).toContain("[1] Hello <b1>world</b1>\n[2] Bye");
  });

  it("reports segments the model left out", async () => {
    const missing: number[][] = [];
    const translator = createLlmSegmentTranslator({
      generate: scriptedEngine("[2] Zwei").generate,
      onMissing: (indexes) => missing.push([...indexes]),
    });
    const result = await collect(translator.translateBatch(["One", "Two", "Three"], { from: "en", to: "de" }));
    expect(result).toEqual([{ index: 1, text: "Zwei" }]);
    expect(missing).toEqual([[0, 2]]);
  });

  it("passes the abort signal through to the engine", async () => {
    const engine = scriptedEngine("[1] Eins\n[2] Zwei\n");
    const translator = createLlmSegmentTranslator({ generate: engine.generate });
    const controller = new AbortController();
    controller.abort();
    await expect(collect(translator.translateBatch(["One", "Two"], { from: "en", to: "de", signal: controller.signal }))).rejects.toBeInstanceOf(AbortedError);
    expect(engine.calls[0]?.signal).toBe(controller.signal);
  });

  it("supports listed pairs only, and not translating a language into itself", () => {
    const translator = createLlmSegmentTranslator({ generate: scriptedEngine("").generate });
    expect(translator.supports("en", "de")).toBe(true);
    expect(translator.supports("en-US", "en-GB")).toBe(false);
    expect(translator.supports("en", "tlh")).toBe(false);
  });
});

describe("routeTranslators", () => {
  const named = (name: string, pairs: string[]): SegmentTranslator => ({
    supports: (from, to) => pairs.includes(`${from}-${to}`),
    async *translateBatch(segments) {
      for (let index = 0; index < segments.length; index += 1) yield { index, text: `${name}:${segments[index] ?? ""}` };
    },
  });

  it("hands each pair to the first translator supporting it", async () => {
    const router = routeTranslators([named("bergamot", ["en-de"]), named("llm", ["en-de", "en-ja"])]);
    expect(await collect(router.translateBatch(["Hi"], { from: "en", to: "de" }))).toEqual([{ index: 0, text: "bergamot:Hi" }]);
    expect(await collect(router.translateBatch(["Hi"], { from: "en", to: "ja" }))).toEqual([{ index: 0, text: "llm:Hi" }]);
    expect(router.supports("en", "fr")).toBe(false);
  });
});
