import { describe, expect, it } from "vitest";
import { FakeEngine, type FakeScript } from "../../engine/fake/fake-engine";
import { EngineHost } from "../../engine/host/engine-host";
import { sampleReport } from "../../../tests/fixtures/pdf/sample-text";
import type { DocBlock } from "./document";
import { SpeedMeter } from "./engine-speed";
import type { SummaryChunk, SummaryOptions } from "./protocol";
import { inputBudgetFor, runSummary } from "./run-summary";

const blocks: DocBlock[] = [
  { kind: "heading", text: "Tide mill", level: 1, sourceRef: { anchor: "page:0" } },
  { kind: "paragraph", text: "Volunteers restored the tide mill after eleven years of fundraising.", sourceRef: { anchor: "page:1" } },
  { kind: "paragraph", text: "The bakery on Quay Street will buy the wholemeal flour it grinds.", sourceRef: { anchor: "page:2" } },
];
const keyPoints: SummaryOptions = { style: "key-points", length: "short", mode: "auto" };

function hostWith(script: FakeScript, options: { contextSize?: number; model?: boolean } = {}): { host: EngineHost; engine: () => FakeEngine } {
  let engine!: FakeEngine;
  const host = new EngineHost({
    createEngine: () => (engine = new FakeEngine({ script, ...(options.contextSize ? { defaultContextSize: options.contextSize } : {}) })),
    activeModel: async () => (options.model === false ? null : { modelId: "scripted", source: { kind: "url", urls: ["http://127.0.0.1/m.gguf"] } }),
    keepAliveMs: () => 60_000,
    heartbeat: async () => undefined,
    onState: () => {},
  });
  return { host, engine: () => engine };
}

async function collect(stream: AsyncIterable<SummaryChunk>): Promise<SummaryChunk[]> {
  const chunks: SummaryChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe("runSummary", () => {
  it("plans, reports progress, streams linked points and ends with the result", async () => {
    const { host, engine } = hostWith(["- The mill was restored [1]\n- A bakery buys the flour [2]"]);
    const chunks = await collect(runSummary(host, { blocks, options: keyPoints, ownerTabId: 7 }, new AbortController().signal, new SpeedMeter()));
    expect(chunks[0]).toMatchObject({ kind: "plan", mode: "extractive", calls: 1, measuredSpeed: false });
    expect(chunks.filter((c) => c.kind === "progress").map((c) => (c.kind === "progress" ? c.phase : ""))).toEqual(["selecting", "writing"]);
    const outputs = chunks.filter((c) => c.kind === "output");
    expect(outputs.length).toBeGreaterThan(0);
    expect(chunks.at(-1)).toEqual({
      kind: "done",
      status: "done",
      mode: "extractive",
      calls: 1,
      tokensSent: expect.any(Number),
      documentTokens: expect.any(Number),
      points: [
        { text: "The mill was restored", sources: [{ anchor: "page:1" }], complete: true },
        { text: "A bakery buys the flour", sources: [{ anchor: "page:2" }], complete: true },
      ],
    });
    // The model was asked with the summary's output limit, at a low temperature.
    expect(engine().requests[0]).toMatchObject({ maxTokens: expect.any(Number), temperature: 0.2 });
  });

  it("links points while they are still being written", async () => {
    const { host } = hostWith(["- The mill was restored [1]\n- A bakery buys the flour [2]"]);
    const chunks = await collect(runSummary(host, { blocks, options: keyPoints, ownerTabId: null }, new AbortController().signal, new SpeedMeter()));
    const partial = chunks.find((c) => c.kind === "output" && c.points.length === 2 && !c.points[1]?.complete);
    expect(partial).toMatchObject({ points: [{ text: "The mill was restored", sources: [{ anchor: "page:1" }], complete: true }, { complete: false }] });
  });

  it("reads a long document in full when asked, part by part, and plans with the speed it measured", async () => {
    const report: DocBlock[] = sampleReport(20).flatMap((page, i) => page.paragraphs.map((text) => ({ kind: "paragraph" as const, text, sourceRef: { page: i + 1 } })));
    const { host } = hostWith(() => "- A note about the report [1]");
    const speeds = new SpeedMeter();
    const full = { ...keyPoints, mode: "full" as const };
    const first = await collect(runSummary(host, { blocks: report, options: full, ownerTabId: null }, new AbortController().signal, speeds));
    const reading = first.filter((c) => c.kind === "progress" && c.phase === "reading");
    expect(reading.length).toBeGreaterThan(2);
    expect(reading.map((c) => (c.kind === "progress" ? `${c.part}/${c.parts}` : ""))).toEqual(reading.map((_, i) => `${i + 1}/${reading.length}`));
    expect(first.at(-1)).toMatchObject({ kind: "done", status: "done", mode: "full" });
    const second = await collect(runSummary(host, { blocks: report, options: full, ownerTabId: null }, new AbortController().signal, speeds));
    expect(second[0]).toMatchObject({ kind: "plan", measuredSpeed: true });
  });

  it("says there is no model, and refuses a context too small to summarize with", async () => {
    const none = hostWith([], { model: false });
    await expect(collect(runSummary(none.host, { blocks, options: keyPoints, ownerTabId: null }, new AbortController().signal, new SpeedMeter()))).rejects.toMatchObject({
      name: "ModelNotLoadedError",
    });
    const tiny = hostWith([], { contextSize: 300 });
    await expect(collect(runSummary(tiny.host, { blocks, options: keyPoints, ownerTabId: null }, new AbortController().signal, new SpeedMeter()))).rejects.toMatchObject({
      name: "ContextOverflowError",
    });
  });

  it("fits the prompt and the longest reply into the model's context", () => {
    const request = { style: "key-points", length: "long" } as const;
    expect(inputBudgetFor(2048, "cpu", request)).toBe(2048 - (8 * 45 + 20) - 16);
    expect(inputBudgetFor(32_768, "cpu", request)).toBe(2000);
    expect(inputBudgetFor(32_768, "webgpu", request)).toBe(6000);
  });
});
