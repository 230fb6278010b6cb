import { describe, expect, it } from "vitest";
import { EngineHost } from "../engine/host/engine-host";
import { FakeWllamaClient, type FakeWllamaScript } from "../engine/wllama/fake-wllama-client";
import { WllamaEngine } from "../engine/wllama/wllama-engine";
import type { WllamaClient } from "../engine/wllama/wllama-client";
import { completeWithTimings, measureChatFollowup, measureStream } from "./engine-runs";
import { StreamProbe } from "./stream-probe";

const REPLY = ["The", " keeper", " climbs", " the", " stairs", "."];

/** The bench page's wiring (engine-bench.ts) on the fake wllama: the engine reaches the client through the probe. */
async function setup(script: FakeWllamaScript = { reply: REPLY }) {
  const clients: FakeWllamaClient[] = [];
  const probe = new StreamProbe();
  const host = new EngineHost({
    createEngine: () =>
      new WllamaEngine({
        wasmUrl: "moz-extension://abc/wllama/wllama.wasm",
        workerUrl: "moz-extension://abc/wllama/wllama-worker.js",
        log: {},
        gpu: null,
        hasJspi: () => true,
        createClient: (config) => {
          const client = new FakeWllamaClient(config, script);
          clients.push(client);
          return probe.wrap(client);
        },
      }),
    activeModel: async () => null,
    keepAliveMs: () => 60_000,
    heartbeat: async () => undefined,
    onState: () => {},
  });
  await host.load({ modelId: "bench", source: { kind: "blobs", blobs: [new Blob([new Uint8Array([0x47, 0x47, 0x55, 0x46])])] } });
  const client = clients.at(-1);
  if (!client) throw new Error("no client was created");
  return { host, probe, client };
}

describe("measureStream", () => {
  it("times the same greedy request on both paths, and sees a host run from underneath too", async () => {
    const { host, probe, client } = await setup();
    const raw = await measureStream("raw", { client, host, probe }, "Describe a day. (A)", 6);
    const hosted = await measureStream("host", { client, host, probe }, "Describe a day. (B)", 6);
    await host.unload();

    expect(raw.tokens).toBe(REPLY.length);
    expect(raw.underHost).toBeUndefined();
    expect(hosted.tokens).toBe(REPLY.length);
    // Underneath, the engine saw the request later and its first text no later than the host's reader did.
    expect(hosted.underHost).toBeDefined();
    expect(hosted.underHost?.ttftMs).toBeLessThanOrEqual(hosted.ttftMs);
    expect(client.chats.map((chat) => [chat.max_tokens, chat.temperature])).toEqual([
      [6, 0],
      [6, 0],
    ]);
    expect(client.chats.map((chat) => chat.messages)).toEqual([
      [{ role: "user", content: "Describe a day. (A)" }],
      [{ role: "user", content: "Describe a day. (B)" }],
    ]);
  });
});

describe("measureChatFollowup", () => {
  it("asks the follow-up with the page, the first question and its exact answer in front, so the prefix matches", async () => {
    const { host, client } = await setup();
    const run = await measureChatFollowup(host, "PAGE TEXT", ["First?", "Second?"], 6);
    await host.unload();

    const [first, followup] = client.chats.map((chat) => chat.messages);
    expect(first).toEqual([
      { role: "system", content: "Answer questions about this page.\n\nPAGE TEXT" },
      { role: "user", content: "First?" },
    ]);
    expect(followup).toEqual([...(first ?? []), { role: "assistant", content: REPLY.join("") }, { role: "user", content: "Second?" }]);
    expect(run.firstTtftMs).toBeGreaterThanOrEqual(0);
    expect(run.followupTtftMs).toBeGreaterThanOrEqual(0);
    expect(run.followupPromptTokens).toBeGreaterThan(run.firstPromptTokens);
  });
});

describe("completeWithTimings", () => {
  const timings = { cache_n: 3, prompt_n: 253, prompt_ms: 8000, prompt_per_token_ms: 0, prompt_per_second: 0, predicted_n: 65, predicted_ms: 3200, predicted_per_token_ms: 0, predicted_per_second: 0 };
  const clientReturning = (last: Awaited<ReturnType<WllamaClient["completeRaw"]>>, asked: unknown[]): WllamaClient => ({
    loadModel: async () => {},
    getLoadedContextInfo: () => {
      throw new Error("not used");
    },
    createChatCompletion: async () => {
      throw new Error("not used");
    },
    completeRaw: async (params) => {
      asked.push(params);
      return last;
    },
    exit: async () => {},
  });

  it("asks for a greedy raw completion and returns llama.cpp's own counts and times", async () => {
    const asked: unknown[] = [];
    const last = { id: "", object: "text_completion" as const, created: 0, model: "", choices: [], timings };
    const result = await completeWithTimings(clientReturning(last, asked), "PROMPT", 65);
    expect(asked).toEqual([{ prompt: "PROMPT", max_tokens: 65, temperature: 0 }]);
    expect(result).toEqual({ promptTokens: 253, cachedTokens: 3, promptMs: 8000, predictedTokens: 65, predictedMs: 3200 });
  });

  it("fails rather than guess when wllama sends no timings", async () => {
    await expect(completeWithTimings(clientReturning(undefined, []), "PROMPT", 2)).rejects.toThrow(/no timings/);
  });
});
