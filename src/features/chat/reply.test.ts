import { afterEach, describe, expect, it } from "vitest";
import { FakeEngine, type FakeEngineOptions } from "../../engine/fake/fake-engine";
import { EngineHost } from "../../engine/host/engine-host";
import { AbortedError, ContextOverflowError, ModelNotLoadedError, ValidationError } from "../../shared/protocol/errors";
import type { DocBlock } from "../summarize/document";
import { ReadSpeedTracker } from "./first-answer";
import type { BudgetChunk, ChatReplyChunk, PageDocument } from "./protocol";
import { answerRoom, chatReply, SYSTEM_PROMPT, type ReplyRequest } from "./reply";

const hosts: EngineHost[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.unload();
});

function setup(options: FakeEngineOptions = {}) {
  const engines: FakeEngine[] = [];
  const host = new EngineHost({
    createEngine: () => {
      const engine = new FakeEngine(options);
      engines.push(engine);
      return engine;
    },
    activeModel: async () => ({ modelId: "fake-model", source: { kind: "url", urls: ["http://127.0.0.1/m.gguf"] } }),
    keepAliveMs: () => 60_000,
    heartbeat: async () => ({}),
    onState: () => {},
  });
  hosts.push(host);
  const deps = { host, speed: new ReadSpeedTracker() };
  return { host, deps, engines, lastPrompt: () => engines.at(-1)?.requests.at(-1)?.messages ?? [] };
}

async function collect(stream: AsyncIterable<ChatReplyChunk>): Promise<ChatReplyChunk[]> {
  const chunks: ChatReplyChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const budgetOf = (chunks: ChatReplyChunk[]) => chunks.find((c): c is BudgetChunk => c.kind === "budget");
const textOf = (chunks: ChatReplyChunk[]) => chunks.map((c) => (c.kind === "text" ? c.text : "")).join("");
const ask = (message: string, extra: Partial<ReplyRequest> = {}): ReplyRequest => ({ history: [], message, ...extra });

const block = (index: number, kind: DocBlock["kind"], text: string): PageDocument["blocks"][number] => ({ kind, text, sourceRef: { anchor: `page:${index}` } });
const article: PageDocument = {
  title: "Lighthouses",
  url: "https://example.com/lighthouses",
  blocks: [
    block(0, "heading", "Lighthouses"),
    block(1, "paragraph", "Lighthouses guide ships along dangerous coasts at night. Keepers once lived beside the lamp."),
    block(2, "heading", "Fuel"),
    block(3, "paragraph", "Early lamps burned whale oil. Later lamps burned kerosene, and today most run on electricity."),
    block(4, "heading", "Fog"),
    block(5, "paragraph", "In fog, a horn sounds because the light cannot be seen. Horns were driven by compressed air."),
  ],
};

describe("chatReply", () => {
  it("sends the budget first, then the host's queue, start, text and end, with the system prompt in front", async () => {
    const { deps, lastPrompt } = setup({ script: ["Hello **there**."] });
    const chunks = await collect(chatReply(ask("Hi"), deps, new AbortController().signal));
    expect(chunks.map((c) => c.kind)).toEqual(["budget", "queued", "started", "text", "text", "done"]);
    expect(textOf(chunks)).toBe("Hello **there**.");
    expect(lastPrompt()).toEqual([{ role: "system", content: SYSTEM_PROMPT }, { role: "user", content: "Hi" }]);
    const budget = budgetOf(chunks);
    expect(budget?.report).toMatchObject({ contextSize: 4096, answerTokens: answerRoom(4096), turnsKept: 0, page: null });
    expect(budget?.page).toBeNull();
    expect(budget?.estimate).toMatchObject({ tokensPerSecond: 25, measured: false });
  });

  it("keeps the page's passages that answer the question, and returns them for the next turn", async () => {
    const { deps, lastPrompt } = setup();
    const chunks = await collect(chatReply(ask("What fuel did the lamps burn?", { page: { kind: "document", document: article } }), deps, new AbortController().signal));
    const page = budgetOf(chunks)?.page;
    expect(page?.title).toBe("Lighthouses");
    expect(page?.passages.some((p) => p.text.includes("whale oil") && p.section === "Fuel")).toBe(true);
    const prompt = lastPrompt();
    expect(prompt[1]?.content).toMatch(/^<page>\nTitle: Lighthouses \(https:\/\/example\.com\/lighthouses\)\n/);
    expect(prompt[1]?.content).toContain("whale oil");
    expect(prompt[1]?.content.endsWith("What fuel did the lamps burn?")).toBe(true);
    expect(budgetOf(chunks)?.report.page).toMatchObject({ passagesKept: page?.passages.length });
  });

  it("keeps the page and the earlier turn as the prompt's unchanged start on a follow-up, and says less is left to read", async () => {
    const { deps, lastPrompt } = setup({ script: ["Whale oil.", "A horn."] });
    const first = await collect(chatReply(ask("What fuel did the lamps burn?", { page: { kind: "document", document: article } }), deps, new AbortController().signal));
    const firstPrompt = lastPrompt();
    const context = budgetOf(first)?.page;
    if (!context) throw new Error("no page context");
    const history = [{ role: "user" as const, content: "What fuel did the lamps burn?" }, { role: "assistant" as const, content: "Whale oil." }];
    const second = await collect(chatReply(ask("And in fog?", { history, page: { kind: "reuse", context: { ...context, passages: [...context.passages] } } }), deps, new AbortController().signal));
    const secondPrompt = lastPrompt();
    expect(secondPrompt.slice(0, firstPrompt.length)).toEqual(firstPrompt);
    expect(secondPrompt.slice(firstPrompt.length)).toEqual([history[1], { role: "user", content: "And in fog?" }]);
    const estimate = budgetOf(second)?.estimate;
    expect(estimate?.tokensToRead).toBeLessThan((budgetOf(second)?.report.promptTokens ?? 0) / 2);
  });

  it("refuses an empty message before loading the model", async () => {
    const { deps, engines } = setup();
    await expect(collect(chatReply(ask("  ", { page: { kind: "document", document: article } }), deps, new AbortController().signal))).rejects.toBeInstanceOf(ValidationError);
    expect(engines[0]?.isLoaded()).toBe(false);
  });

  it("refuses a message larger than the context with an offer to summarize it", async () => {
    const { deps } = setup({ defaultContextSize: 512 });
    const huge = "word ".repeat(3000);
    await expect(collect(chatReply(ask(huge), deps, new AbortController().signal))).rejects.toThrow(ContextOverflowError);
    await expect(collect(chatReply(ask(huge), deps, new AbortController().signal))).rejects.toThrow(/Summarize it first/);
  });

  it("says so when the page has nothing to read", async () => {
    const { deps } = setup();
    const titleOnly = { ...article, blocks: [block(0, "heading", "Only a title")] };
    await expect(collect(chatReply(ask("Q?", { page: { kind: "document", document: titleOnly } }), deps, new AbortController().signal))).rejects.toThrow(/no text/);
  });

  it("reports a model unloaded mid-answer as such, not as the user's stop", async () => {
    const { deps, host } = setup({ script: ["one two three four five six"], chunkDelayMs: 20 });
    const seen: string[] = [];
    const run = (async () => {
      for await (const chunk of chatReply(ask("Go"), deps, new AbortController().signal)) {
        if (chunk.kind === "text") {
          seen.push(chunk.text);
          if (seen.length === 2) void host.unload();
        }
      }
    })();
    await expect(run).rejects.toBeInstanceOf(ModelNotLoadedError);
    expect(seen).toEqual(["one ", "two "]);
  });

  it("ends with AbortedError when the user stops", async () => {
    const { deps } = setup({ script: ["one two three four"], chunkDelayMs: 20 });
    const stop = new AbortController();
    const run = (async () => {
      for await (const chunk of chatReply(ask("Go"), deps, stop.signal)) if (chunk.kind === "text") stop.abort();
    })();
    await expect(run).rejects.toBeInstanceOf(AbortedError);
  });
});
