import { describe, expect, it } from "vitest";
import { FakeWllamaClient, type FakeWllamaScript } from "./fake-wllama-client";
import type { WllamaClient } from "./wllama-client";
import { WllamaLogCapture } from "./wllama-log";
import { fillerCandidates, promptTokensOf, WllamaTokenCounter } from "./wllama-token-count";

const CHATML = "{% for m in messages %}{{'<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n'}}{% endfor %}";

async function loadedFake(script: FakeWllamaScript & { contextSize?: number } = {}): Promise<FakeWllamaClient> {
  const client = new FakeWllamaClient({ wasmUrl: "w", logger: new WllamaLogCapture().logger }, script);
  await client.loadModel([], { n_ctx: script.contextSize ?? 64 });
  return client;
}

describe("WllamaTokenCounter.countText", () => {
  it("counts without BOS and without running the text: the padded prompt is refused as too long", async () => {
    const client = await loadedFake({ addBos: true, contextSize: 64, specialTokens: ["<|im_start|>", "<|im_end|>"] });
    const counter = new WllamaTokenCounter(client, 64, true, CHATML);
    expect(await counter.countText("twelve chars")).toBe(12);
    expect(await counter.countText("<|im_end|>x")).toBe(2);
    expect(await counter.countText("")).toBe(0);
    // One probe finds the filler (<|im_start|>, the template's first marker), then one request per count.
    expect(client.raws.map((r) => r.prompt.length)).toEqual([12 * 65, 12 * 65 + 12, 12 * 65 + 11]);
    expect(client.raws.every((r) => r.prompt.startsWith("<|im_start|>".repeat(65)))).toBe(true);
  });

  it("skips candidates that are not single special tokens in this model", async () => {
    const client = await loadedFake({ specialTokens: ["</s>"], contextSize: 32 });
    const counter = new WllamaTokenCounter(client, 32, false, CHATML);
    expect(await counter.countText("hello")).toBe(5);
    expect(client.raws.at(-1)?.prompt.startsWith("</s>".repeat(33))).toBe(true);
  });

  it("evaluates the text when the model has no usable special token", async () => {
    const client = await loadedFake({ specialTokens: [], addBos: true, contextSize: 32 });
    const counter = new WllamaTokenCounter(client, 32, true, undefined);
    expect(await counter.countText("hello")).toBe(5);
    expect(client.raws.at(-1)?.prompt).toBe("hello");
    expect(await counter.countText("x".repeat(100))).toBe(100); // refused, but still counted
  });

  it("passes on failures other than the length refusal", async () => {
    const fake = await loadedFake();
    const client: WllamaClient = {
      loadModel: (blobs, params) => fake.loadModel(blobs, params),
      getLoadedContextInfo: () => fake.getLoadedContextInfo(),
      createChatCompletion: (params) => fake.createChatCompletion(params),
      completeRaw: async () => Promise.reject(new Error("worker gone")),
      exit: () => fake.exit(),
    };
    await expect(new WllamaTokenCounter(client, 64, false, CHATML).countText("hi")).rejects.toThrow("worker gone");
  });
});

describe("WllamaTokenCounter.countChat", () => {
  it("takes the prompt length from the finished stream", async () => {
    const client = await loadedFake({ contextSize: 100 });
    const counter = new WllamaTokenCounter(client, 100, false, CHATML);
    expect(await counter.countChat([{ role: "user", content: "seventeen letters" }])).toBe(17);
    expect(client.chats[0]).toMatchObject({ max_tokens: 1, temperature: 0, stream: true });
  });

  it("still counts a chat too long for the context", async () => {
    const client = await loadedFake({ contextSize: 4 });
    expect(await new WllamaTokenCounter(client, 4, false, CHATML).countChat([{ role: "user", content: "far too long" }])).toBe(12);
  });
});

describe("fillerCandidates", () => {
  it("tries the template's markers first, then common end tokens, without repeats", () => {
    const gemma = "{{ '<start_of_turn>' + role + '\\n' + content + '<end_of_turn>\\n' }}";
    expect(fillerCandidates(gemma).slice(0, 3)).toEqual(["<start_of_turn>", "<end_of_turn>", "<|im_end|>"]);
    expect(fillerCandidates(CHATML).filter((c) => c === "<|im_end|>")).toHaveLength(1);
    expect(fillerCandidates(undefined)[0]).toBe("<|im_end|>");
  });
});

describe("promptTokensOf", () => {
  it("prefers usage, else adds cached and evaluated prompt tokens", () => {
    const timings = { cache_n: 29, prompt_n: 1, prompt_ms: 0, prompt_per_token_ms: 0, prompt_per_second: 0, predicted_n: 0, predicted_ms: 0, predicted_per_token_ms: 0, predicted_per_second: 0 };
    expect(promptTokensOf({ timings })).toBe(30);
    expect(promptTokensOf({ timings, usage: { prompt_tokens: 31, completion_tokens: 0, total_tokens: 31 } })).toBe(31);
    expect(promptTokensOf(undefined)).toBeNull();
  });
});
