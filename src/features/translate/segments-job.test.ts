import { describe, expect, it } from "vitest";
import type { EngineChunk, JobRequest } from "./engine-chunks";
import { translateSegments, type SegmentsChunk } from "./segments-job";

const facts = { modelId: "m", contextSize: 4096, charsPerToken: 4 };

/** A scripted engine: answers each request with the next reply, streamed in small pieces after a queue position. */
function scripted(replies: string[]): { generate: (request: JobRequest) => AsyncIterable<EngineChunk>; requests: JobRequest[] } {
  const requests: JobRequest[] = [];
  return {
    requests,
    async *generate(request) {
      requests.push(request);
      const reply = replies.shift() ?? "";
      yield { kind: "queued", position: requests.length - 1 };
      yield { kind: "started" };
      for (let at = 0; at < reply.length; at += 5) yield { kind: "text", text: reply.slice(at, at + 5) };
      yield { kind: "done" };
    },
  };
}

async function collect(stream: AsyncIterable<SegmentsChunk>): Promise<SegmentsChunk[]> {
  const out: SegmentsChunk[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

describe("translateSegments", () => {
  it("streams each numbered line as a segment, through chatter, with the queue position first", async () => {
    const engine = scripted(["Sure! Here it is:\n[1] Hallo <a1>Welt</a1>\n[2] Zweiter Satz\n"]);
    const chunks = await collect(translateSegments(["Hello <a1>world</a1>", "Second sentence"], "en", "de", { generate: engine.generate, facts }));
    expect(chunks).toEqual([
      { kind: "queued", position: 0 },
      { kind: "segment", index: 0, text: "Hallo <a1>Welt</a1>" },
      { kind: "segment", index: 1, text: "Zweiter Satz" },
    ]);
    const request = engine.requests[0];
    expect(request?.temperature).toBe(0);
    expect(request?.messages[0]?.content).toContain("from English to German");
    expect(request?.messages[1]?.content).toBe("Translate to German:\n[1] Hello <a1>world</a1>\n[2] Second sentence");
  });

  it("asks again one by one for the segments the answer skipped, accepting an answer without its number", async () => {
    const engine = scripted(["[1] Eins\n[3] Drei", "Zwei"]);
    const chunks = await collect(translateSegments(["One", "Two", "Three"], "en", "de", { generate: engine.generate, facts }));
    expect(chunks.filter((chunk) => chunk.kind === "segment")).toEqual([
      { kind: "segment", index: 0, text: "Eins" },
      { kind: "segment", index: 2, text: "Drei" },
      { kind: "segment", index: 1, text: "Zwei" },
    ]);
    expect(engine.requests).toHaveLength(2);
    expect(engine.requests[1]?.messages[1]?.content).toBe("Translate to German:\n[1] Two");
  });

  it("tells the model to work out an unknown source language, and caps the answer to what the context has left", async () => {
    const first = scripted(["[1] Hallo"]);
    await collect(translateSegments(["Bonjour"], null, "de", { generate: first.generate, facts: { ...facts, charsPerToken: 1 } }));
    const request = first.requests[0];
    expect(request?.messages[0]?.content).toContain("work out the page's language yourself");
    // Uncapped, a one-segment batch asks for 64 + 16 + its length.
    expect(request?.maxTokens).toBe(64 + 16 + "Bonjour".length);
    const promptChars = (request?.messages ?? []).map((message) => message.content).join("\n").length;
    const tight = scripted(["[1] Hallo"]);
    const small = { modelId: "m", contextSize: promptChars + 32 + 40, charsPerToken: 1 };
    await collect(translateSegments(["Bonjour"], null, "de", { generate: tight.generate, facts: small }));
    expect(tight.requests[0]?.maxTokens).toBe(40);
  });

  it("leaves a segment out when even its own answer is empty, and never retries more than asked", async () => {
    const engine = scripted(["", "", ""]);
    const chunks = await collect(translateSegments(["A", "B", "C"], "en", "de", { generate: engine.generate, facts, maxRetries: 1 }));
    expect(chunks.filter((chunk) => chunk.kind === "segment")).toEqual([]);
    expect(engine.requests).toHaveLength(2);
  });
});
