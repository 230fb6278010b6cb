import { describe, expect, it } from "vitest";
import type { GenerateOptions } from "../../engine/engine";
import type { HostChunk } from "../../engine/host/engine-host";
import type { ExplainChunk, SimplifyChunk } from "./protocol";
import { explainSelection, languageName, simplifyBlock, type Generate } from "./reader-jobs";
import { buildSimplifyMessages } from "./simplify-prompt";

const PARAGRAPH =
  "The gates stay flat on the riverbed for most of the year, so boats pass over them without noticing, but when the " +
  "water rises they are filled with compressed air and swing upwards.";

/** A generate function that streams `pieces` after a queue position, and records the options it was given. */
function scripted(pieces: string[], position = 0): { generate: Generate; calls: Omit<GenerateOptions, "signal">[] } {
  const calls: Omit<GenerateOptions, "signal">[] = [];
  const generate: Generate = (options) => {
    calls.push(options);
    return (async function* (): AsyncGenerator<HostChunk> {
      yield { kind: "queued", position };
      yield { kind: "started", info: { backend: "fake", modelId: "m", device: "cpu", threads: 1, contextSize: 4096, details: {} } };
      for (const text of pieces) yield { kind: "text", text };
      yield { kind: "done", stats: { promptTokens: 1, completionTokens: 1, timeToFirstTokenMs: 0, decodeMs: 0, finishReason: "stop" } };
    })();
  };
  return { generate, calls };
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const chunks: T[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe("simplifyBlock", () => {
  it("sends the level's prompt in the article's language, streams previews and ends with the parsed rewrite", async () => {
    const { generate, calls } = scripted(["Sure, here is the simplified text:\n\n", "The gates ", "lie flat. ", "Air lifts them."], 2);
    const chunks = await collect<SimplifyChunk>(simplifyBlock([PARAGRAPH], "very-simple", "de-CH", generate));
    expect(calls[0]?.messages).toEqual(buildSimplifyMessages([PARAGRAPH], "very-simple", "German"));
    expect(calls[0]?.temperature).toBe(0);
    expect(chunks).toEqual([
      { kind: "queued", position: 2 },
      { kind: "preview", units: ["The gates"] },
      { kind: "preview", units: ["The gates lie flat."] },
      { kind: "preview", units: ["The gates lie flat. Air lifts them."] },
      { kind: "result", outcome: { ok: true, units: ["The gates lie flat. Air lifts them."] } },
    ]);
  });

  it("reports a rejected answer as the result, never as an error", async () => {
    const { generate } = scripted([`QuenFd<${"LnFd<".repeat(30)}`]);
    const chunks = await collect<SimplifyChunk>(simplifyBlock([PARAGRAPH], "simple", undefined, generate));
    expect(chunks.at(-1)).toEqual({ kind: "result", outcome: { ok: false, reason: "garbled" } });
    const empty = await collect<SimplifyChunk>(simplifyBlock([PARAGRAPH], "simple", undefined, scripted([]).generate));
    expect(empty).toEqual([{ kind: "queued", position: 0 }, { kind: "result", outcome: { ok: false, reason: "empty" } }]);
  });

  it("rewrites list items as numbered parts", async () => {
    const { generate } = scripted(["1. Water is high.\n", "2. More rain comes."]);
    const chunks = await collect<SimplifyChunk>(simplifyBlock(["The gauge reads above 2.4 metres.", "The forecast expects more rain."], "simple", "en", generate));
    expect(chunks.at(-1)).toEqual({ kind: "result", outcome: { ok: true, units: ["Water is high.", "More rain comes."] } });
  });

  it("passes the engine's errors on", async () => {
    const failing: Generate = () => ({
      [Symbol.asyncIterator]: async function* (): AsyncGenerator<HostChunk> {
        yield { kind: "queued", position: 0 };
        throw new Error("out of memory");
      },
    });
    await expect(collect(simplifyBlock([PARAGRAPH], "plain", undefined, failing))).rejects.toThrow("out of memory");
  });
});

describe("explainSelection", () => {
  it("streams the cleaned explanation", async () => {
    const { generate, calls } = scripted(["Here is ", "the explanation:\n", "Air that is ", "pressed together."]);
    const chunks = await collect<ExplainChunk>(explainSelection("compressed air", PARAGRAPH, "en", generate));
    expect(calls[0]?.messages[1]?.content).toContain('"compressed air"');
    expect(calls[0]?.messages[0]?.content).toContain("Answer in English.");
    expect(chunks[0]).toEqual({ kind: "queued", position: 0 });
    expect(chunks.at(-1)).toEqual({ kind: "text", text: "Air that is pressed together." });
    expect(chunks.some((chunk) => chunk.kind === "text" && /explanation/i.test(chunk.text))).toBe(false);
  });

  it("ends with rejected when the answer is noise", async () => {
    const { generate } = scripted([`Qi"VH_nFd<${"LnFd<".repeat(25)}`]);
    const chunks = await collect<ExplainChunk>(explainSelection("compressed air", PARAGRAPH, undefined, generate));
    expect(chunks.at(-1)).toEqual({ kind: "rejected" });
  });
});

describe("languageName", () => {
  it("names a language from its tag, and nothing for no tag or a bad one", () => {
    expect(languageName("de-CH")).toBe("German");
    expect(languageName("ja")).toBe("Japanese");
    expect(languageName(undefined)).toBeUndefined();
    expect(languageName("not a tag")).toBeUndefined();
    expect(languageName("qaa")).toBeUndefined();
  });
});

describe("simplifyBlock with noise", () => {
  it("clears the preview once it is long enough to judge as noise, shows no more of it, and rejects the whole answer", async () => {
    const { generate } = scripted(["The gates ", "lie flat. ", ...Array.from({ length: 12 }, () => "LnFd<")]);
    const chunks = await collect<SimplifyChunk>(simplifyBlock([PARAGRAPH], "simple", "en", generate));
    const previews = chunks.filter((chunk) => chunk.kind === "preview");
    expect(previews.at(-1)).toEqual({ kind: "preview", units: [] });
    expect(previews.filter((chunk) => chunk.kind === "preview" && chunk.units.some((unit) => unit.includes("LnFd<".repeat(4))))).toEqual([]);
    expect(chunks.at(-1)).toEqual({ kind: "result", outcome: { ok: false, reason: "garbled" } });
  });
});
