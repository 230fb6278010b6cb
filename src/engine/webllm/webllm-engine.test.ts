import type { ChatCompletionChunk, ChatCompletionRequestStreaming, ChatOptions, MLCEngineConfig } from "@mlc-ai/web-llm";
import { describe, expect, it } from "vitest";
import { AbortedError, EngineError, ModelFileError, NoWebGpuError, OutOfMemoryError } from "../../shared/protocol/errors";
import type { GenerateChunk, LoadOptions, LoadProgress } from "../engine";
import type { WebLlmCatalog } from "./catalog";
import { fakeGpu } from "./fake-gpu";
import { suggestsCpuFallback } from "./webllm-errors";
import { WebLlmEngine, type WebLlmEngineOptions } from "./webllm-engine";
import type { MlcEngineLike } from "./webllm-loader";

const LIB_BASE = "moz-extension://0a1b2c/vendor/webllm/";
const F16 = "Llama-3.2-1B-Instruct-q4f16_1-MLC";
const F32 = "Llama-3.2-1B-Instruct-q4f32_1-MLC";
const sha = "ab".repeat(32);
const catalog: WebLlmCatalog = {
  webllmVersion: "0.2.86",
  available: [F16, F32].map((id) => ({
    id,
    model: `https://huggingface.co/mlc-ai/${id}`,
    libFile: `${id.replace("-MLC", "")}_cs1k-webgpu.wasm`,
    sha256: sha,
    vramMB: 900,
    requiredFeatures: [],
    contextSize: 4096,
  })),
  unavailable: [{ id: "gemma-2-2b-it-q4f16_1-MLC", reason: "its library was not in the build cache" }],
};

function chunk(content: string | null, extra: Partial<ChatCompletionChunk> = {}, finish: "stop" | "length" | null = null): ChatCompletionChunk {
  return {
    id: "chatcmpl-1",
    object: "chat.completion.chunk",
    created: 0,
    model: F16,
    choices: content === null ? [] : [{ index: 0, delta: { role: "assistant", content }, finish_reason: finish }],
    ...extra,
  };
}

function usageChunk(prompt: number, completion: number): ChatCompletionChunk {
  return chunk(null, {
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
      extra: { e2e_latency_s: 1, prefill_tokens_per_s: 1, decode_tokens_per_s: 1, time_to_first_token_s: 0.1, time_per_output_token_s: 0.01 },
    },
  });
}

/** A stand-in for web-llm's MLCEngine that records how it is driven. */
class FakeMlc implements MlcEngineLike {
  reloads: { modelId: string; chatOpts: ChatOptions | undefined }[] = [];
  requests: ChatCompletionRequestStreaming[] = [];
  interrupts = 0;
  unloads = 0;
  reloadError: Error | null = null;
  reloadGate: Promise<void> = Promise.resolve();
  script: (ChatCompletionChunk | Error)[] = [];
  /** Pause before each chunk, so a test can abort mid-stream. */
  pauseMs = 0;

  constructor(readonly config: MLCEngineConfig) {}

  async reload(modelId: string, chatOpts?: ChatOptions): Promise<void> {
    this.reloads.push({ modelId, chatOpts });
    this.config.initProgressCallback?.({ progress: 0.5, timeElapsed: 1, text: "Fetching param cache[1/2]: 100MB fetched. 50% completed" });
    await this.reloadGate;
    if (this.reloadError) throw this.reloadError;
  }

  chat = {
    completions: {
      create: async (request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>> => {
        this.requests.push(request);
        const script = [...this.script];
        const pauseMs = this.pauseMs;
        return (async function* () {
          for (const item of script) {
            if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
            if (item instanceof Error) throw item;
            yield item;
          }
        })();
      },
    },
  };

  interruptGenerate(): void {
    this.interrupts++;
  }

  async unload(): Promise<void> {
    this.unloads++;
  }
}

function setup(overrides: Partial<WebLlmEngineOptions> = {}) {
  const created: FakeMlc[] = [];
  const engine = new WebLlmEngine({
    libBaseUrl: LIB_BASE,
    gpu: fakeGpu(),
    catalog,
    createEngine: async (config) => {
      const fake = new FakeMlc(config);
      created.push(fake);
      return fake;
    },
    ...overrides,
  });
  return { engine, created };
}

const load = (id: string, extra: Partial<LoadOptions> = {}): LoadOptions => ({ modelId: id, source: { kind: "named", name: id }, ...extra });

async function readAll(stream: AsyncIterable<GenerateChunk>): Promise<string> {
  let text = "";
  for await (const piece of stream) text += piece.text;
  return text;
}

describe("WebLlmEngine.load", () => {
  it("checks the GPU before web-llm is even created, so nothing is downloaded without WebGPU", async () => {
    const { engine, created } = setup({ gpu: undefined });
    await expect(engine.load(load(F32))).rejects.toThrow(NoWebGpuError);
    await expect(engine.load(load(F32))).rejects.toThrow("WebGPU is not available in this Firefox; Hearth will use the CPU engine");
    expect(created).toEqual([]);
  });

  it("refuses an f16 model on a GPU without shader-f16 before creating web-llm", async () => {
    const { engine, created } = setup({ gpu: fakeGpu({ features: [] }) });
    await expect(engine.load(load(F16))).rejects.toThrow(/shader-f16/);
    expect(created).toEqual([]);
    await engine.load(load(F32));
    expect(engine.isLoaded()).toBe(true);
  });

  it("refuses a model above the known GPU memory budget with OutOfMemoryError", async () => {
    const { engine, created } = setup({ memoryBudgetMB: () => 512 });
    const failure = engine.load(load(F32));
    await expect(failure).rejects.toThrow(OutOfMemoryError);
    expect(created).toEqual([]);
  });

  it("gives web-llm the shipped library, the pinned hash and a clamped context, and reports progress", async () => {
    const { engine, created } = setup();
    const progress: LoadProgress[] = [];
    await engine.load({ ...load(F16), contextSize: 32768, onProgress: (p) => progress.push(p) });
    const fake = created[0];
    const record = fake?.config.appConfig?.model_list[0];
    expect(record?.model_lib).toBe(`${LIB_BASE}Llama-3.2-1B-Instruct-q4f16_1_cs1k-webgpu.wasm`);
    expect(record?.integrity?.model_lib).toMatch(/^sha256-/);
    expect(fake?.reloads).toEqual([{ modelId: F16, chatOpts: { context_window_size: 4096 } }]);
    expect(engine.contextSize()).toBe(4096);
    expect(progress).toEqual([{ phase: "fetching", loaded: 100 * 1024 * 1024, total: 200 * 1024 * 1024 }]);
    expect(engine.info()).toMatchObject({ backend: "webllm", device: "webgpu", modelId: F16, details: { gpu: "nvidia ampere" } });
  });

  it("names the reason when the model's library is not in this build", async () => {
    const { engine } = setup();
    await expect(engine.load(load("gemma-2-2b-it-q4f16_1-MLC"))).rejects.toThrow(ModelFileError);
    await expect(engine.load(load("gemma-2-2b-it-q4f16_1-MLC"))).rejects.toThrow(/not in the build cache/);
  });

  it("unloads and raises OutOfMemoryError with the CPU-fallback mark when the device is lost while loading", async () => {
    const { engine, created } = setup({
      createEngine: async (config) => {
        const fake = new FakeMlc(config);
        const lost = new Error("The WebGPU device was lost while loading the model.");
        lost.name = "DeviceLostError";
        fake.reloadError = lost;
        created.push(fake);
        return fake;
      },
    });
    const error = await engine.load(load(F16)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutOfMemoryError);
    expect(suggestsCpuFallback(error)).toBe(true);
    expect(created[0]?.unloads).toBeGreaterThan(0);
    expect(engine.isLoaded()).toBe(false);
  });

  it("stops a load in progress when its signal aborts", async () => {
    let release!: () => void;
    const { engine, created } = setup({
      createEngine: async (config) => {
        const fake = new FakeMlc(config);
        fake.reloadGate = new Promise((resolve) => (release = resolve));
        created.push(fake);
        return fake;
      },
    });
    const controller = new AbortController();
    const loading = engine.load({ ...load(F16), signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    release();
    await expect(loading).rejects.toThrow(AbortedError);
    expect(created[0]?.unloads).toBeGreaterThan(0);
    expect(engine.isLoaded()).toBe(false);
  });
});

describe("WebLlmEngine.generate", () => {
  it("streams web-llm's deltas and reports its usage", async () => {
    const { engine, created } = setup();
    await engine.load(load(F16));
    const fake = created[0] as FakeMlc;
    fake.script = [chunk("Bon"), chunk("jour "), chunk("👋"), chunk("", {}, "length"), usageChunk(42, 3)];
    const stream = engine.generate({ messages: [{ role: "user", content: "Say hi in French" }], maxTokens: 3, temperature: 0, seed: 7, stop: ["\n"] });
    expect(await readAll(stream)).toBe("Bonjour 👋");
    expect(await stream.stats()).toMatchObject({ promptTokens: 42, completionTokens: 3, finishReason: "length" });
    expect(fake.requests[0]).toEqual({
      messages: [{ role: "user", content: "Say hi in French" }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 3,
      temperature: 0,
      seed: 7,
      stop: ["\n"],
    });
  });

  it("interrupts web-llm and ends with AbortedError when the signal aborts mid-stream", async () => {
    const { engine, created } = setup();
    await engine.load(load(F16));
    const fake = created[0] as FakeMlc;
    fake.pauseMs = 5;
    fake.script = Array.from({ length: 200 }, (_, i) => chunk(`w${i} `));
    const controller = new AbortController();
    const stream = engine.generate({ messages: [{ role: "user", content: "Count" }], signal: controller.signal });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const piece of stream) {
        seen.push(piece.text);
        if (seen.length === 2) controller.abort();
      }
    })();
    await expect(reading).rejects.toThrow(AbortedError);
    expect(seen).toEqual(["w0 ", "w1 "]);
    expect(fake.interrupts).toBe(1);
    expect((await stream.stats()).finishReason).toBe("aborted");
    expect(engine.isLoaded()).toBe(true);
  });

  it("unloads and raises a CPU-fallback EngineError when the GPU is lost mid-answer", async () => {
    const { engine, created } = setup();
    await engine.load(load(F16));
    const fake = created[0] as FakeMlc;
    fake.script = [chunk("partial"), new Error("Device was lost. Detailed error: [object GPUDeviceLostInfo]")];
    const stream = engine.generate({ messages: [{ role: "user", content: "hi" }] });
    const error = await readAll(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(suggestsCpuFallback(error)).toBe(true);
    expect(engine.isLoaded()).toBe(false);
    expect(fake.unloads).toBe(1);
    await expect(stream.stats()).rejects.toBe(error);
  });

  it("calibrates token estimates from usage, but not from a follow-up turn that reused the KV cache", async () => {
    const { engine, created } = setup();
    await engine.load(load(F16));
    const fake = created[0] as FakeMlc;
    const question = { role: "user" as const, content: "Explain the budget. ".repeat(30) };
    const before = await engine.countChatTokens([question]);

    fake.script = [chunk("Short answer."), usageChunk(before * 3, 3)];
    await readAll(engine.generate({ messages: [question] }));
    const afterFirst = await engine.countChatTokens([question]);
    expect(afterFirst).toBeGreaterThan(before);

    // web-llm counts only the new turn here; learning from it would shrink the estimate.
    fake.script = [chunk("More."), usageChunk(5, 2)];
    const followUp = [question, { role: "assistant" as const, content: "Short answer." }, { role: "user" as const, content: "And more? ".repeat(10) }];
    await readAll(engine.generate({ messages: followUp }));
    expect(await engine.countChatTokens([question])).toBe(afterFirst);
  });

  it("refuses to generate before a model is loaded", async () => {
    const { engine } = setup();
    await expect(readAll(engine.generate({ messages: [{ role: "user", content: "hi" }] }))).rejects.toThrow(/No web-llm model/);
  });
});
