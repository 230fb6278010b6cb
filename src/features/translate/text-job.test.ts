import { describe, expect, it } from "vitest";
import type { EngineChunk, JobRequest } from "./engine-chunks";
import { splitText } from "./text-chunks";
import { translateText, type TextJobChunk } from "./text-job";
import { estimateTokens, selectionChunkBudget } from "./token-estimate";

// Answers every request with "<chatter>\n[DE] <the user's text>", in small streamed pieces.
function echoEngine(requests: JobRequest[]) {
  return async function* (request: JobRequest): AsyncGenerator<EngineChunk> {
    requests.push(request);
    yield { kind: "queued", position: 0 };
    const reply = `Here is the translation:\n[DE] ${request.messages.at(-1)?.content ?? ""}`;
    for (let at = 0; at < reply.length; at += 7) yield { kind: "text", text: reply.slice(at, at + 7) };
  };
}

async function collect(stream: AsyncIterable<TextJobChunk>): Promise<TextJobChunk[]> {
  const out: TextJobChunk[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

const textOf = (chunks: TextJobChunk[]) => chunks.map((chunk) => (chunk.kind === "text" ? chunk.text : "")).join("");

describe("translateText", () => {
  it("translates a short text in one part, without the model's chatter", async () => {
    const requests: JobRequest[] = [];
    const facts = { modelId: "m", contextSize: 4096, charsPerToken: 4 };
    const chunks = await collect(translateText("Good morning.\nSee you.", "en", "de", { generate: echoEngine(requests), facts }));
    expect(chunks[0]).toEqual({ kind: "part", index: 0, total: 1 });
    expect(textOf(chunks)).toBe("[DE] Good morning.\nSee you.");
    expect(requests[0]?.messages[0]?.content).toContain("from English to German");
    expect(requests[0]?.temperature).toBe(0);
  });

  it("translates a text of over 20,000 characters in parts that fit the context, reporting each part", async () => {
    const requests: JobRequest[] = [];
    const facts = { modelId: "m", contextSize: 2048, charsPerToken: 4 };
    const text = Array.from({ length: 80 }, (_, index) => `Paragraph ${index}: the river rose and the town waited. `.repeat(5).trim()).join("\n\n");
    expect(text.length).toBeGreaterThan(20_000);
    const chunks = await collect(translateText(text, null, "fr", { generate: echoEngine(requests), facts }));
    const parts = splitText(text, selectionChunkBudget(facts), (piece) => estimateTokens(piece, facts.charsPerToken));
    expect(parts.length).toBeGreaterThan(5);
    expect(chunks.filter((chunk) => chunk.kind === "part")).toEqual(parts.map((_, index) => ({ kind: "part", index, total: parts.length })));
    expect(textOf(chunks)).toBe(parts.map((part) => `${part.separator}[DE] ${part.text}`).join(""));
    for (const request of requests) {
      const promptTokens = estimateTokens(request.messages.map((message) => message.content).join("\n"), facts.charsPerToken);
      expect(promptTokens + request.maxTokens).toBeLessThanOrEqual(facts.contextSize);
      expect(request.messages[0]?.content).toContain("work out which one yourself");
    }
  });
});
