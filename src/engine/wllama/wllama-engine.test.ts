import { describe, expect, it } from "vitest";
import type { GenerateChunk, LoadOptions, LoadProgress } from "../engine";
import {
  AbortedError,
  BusyError,
  ContextOverflowError,
  EngineError,
  ModelFileError,
  ModelNotLoadedError,
  NoWebGpuError,
  OutOfMemoryError,
} from "../../shared/protocol/errors";
import { FakeWllamaClient, type FakeWllamaScript } from "./fake-wllama-client";
import type { GpuLike } from "./wllama-device";
import { WllamaEngine, type WllamaEngineOptions } from "./wllama-engine";
import { workerUrlFor } from "./worker-source";

const WASM = "moz-extension://abc/wllama/wllama.wasm";
const WORKER = "moz-extension://abc/wllama/wllama-worker.js";
const gguf = () => new Blob([new Uint8Array([0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0])]);
const source: LoadOptions["source"] = { kind: "blobs", blobs: [gguf()] };

function setup(script: FakeWllamaScript = {}, options: Partial<WllamaEngineOptions> = {}) {
  const clients: FakeWllamaClient[] = [];
  let clock = 0;
  const engine = new WllamaEngine({
    wasmUrl: WASM,
    workerUrl: WORKER,
    log: {},
    gpu: null,
    hasJspi: () => true,
    now: () => (clock += 10),
    createClient: (config) => {
      const client = new FakeWllamaClient(config, script);
      clients.push(client);
      return client;
    },
    ...options,
  });
  return { engine, clients, client: () => clients.at(-1) as FakeWllamaClient };
}

const gpuWith = (features: string[]): GpuLike => ({
  requestAdapter: async () => ({ features: new Set(features) }),
});

async function collect(stream: AsyncIterable<GenerateChunk>): Promise<string[]> {
  const texts: string[] = [];
  for await (const chunk of stream) texts.push(chunk.text);
  return texts;
}

describe("WllamaEngine.load", () => {
  it("loads single-threaded on the CPU with the requested context and reports it", async () => {
    const { engine, client } = setup();
    const progress: LoadProgress[] = [];
    await engine.load({ modelId: "tiny", source, contextSize: 256, onProgress: (p) => progress.push(p) });
    expect(client().loads).toEqual([{ n_ctx: 256, n_threads: 1, n_gpu_layers: 0 }]);
    expect(engine.isLoaded()).toBe(true);
    expect(engine.contextSize()).toBe(256);
    expect(engine.info()).toMatchObject({ backend: "wllama", modelId: "tiny", device: "cpu", threads: 1, contextSize: 256 });
    expect(progress.at(-1)).toEqual({ phase: "initializing", loaded: 1, total: 1 });
  });

  it("reports the trained context when the allocated one is larger", async () => {
    const { engine } = setup();
    await engine.load({ modelId: "tiny", source, contextSize: 4096 });
    expect(engine.contextSize()).toBe(512);
    expect(engine.info()?.details.allocatedContext).toBe(4096);
  });

  it("starts wllama's blob: worker from the shipped worker file instead, then restores Worker", async () => {
    const started: { url: string; options?: WorkerOptions }[] = [];
    class RecordingWorker {
      constructor(url: string, options?: WorkerOptions) {
        started.push(options ? { url, options } : { url });
      }
    }
    const scope = { Worker: RecordingWorker as unknown as typeof Worker };
    const { engine } = setup({ workerScope: scope }, { workerScope: scope });
    await engine.load({ modelId: "tiny", source });
    expect(started).toEqual([{ url: workerUrlFor(WORKER, { wasmUrl: WASM, gpu: false }), options: { type: "module" } }]);
    expect(scope.Worker).toBe(RecordingWorker);
  });

  it("offloads to WebGPU when asked and reports what llama.cpp did", async () => {
    const offloaded = setup(
      { loadLog: [{ level: "debug", text: "load_tensors: offloaded 3/3 layers to GPU" }] },
      { gpu: gpuWith(["shader-f16"]) },
    );
    await offloaded.engine.load({ modelId: "tiny", source, device: "auto" });
    expect(offloaded.client().loads[0]?.n_gpu_layers).toBeGreaterThan(0);
    expect(offloaded.engine.info()).toMatchObject({ device: "webgpu", details: { gpuLayers: 3 } });

    const stayed = setup({ loadLog: [{ level: "debug", text: "load_tensors: offloaded 0/3 layers to GPU" }] }, { gpu: gpuWith(["shader-f16"]) });
    await stayed.engine.load({ modelId: "tiny", source, device: "gpu" });
    expect(stayed.engine.info()).toMatchObject({ device: "cpu", details: { gpuFallback: true } });
  });

  it("loads again on the CPU when the WebGPU load fails under auto, and says why", async () => {
    const lost = new Error("GPUDevice was lost: the driver reset");
    const { engine, clients } = setup({ gpuLoadError: lost }, { gpu: gpuWith(["shader-f16"]) });
    await engine.load({ modelId: "tiny", source, device: "auto" });
    expect(clients.map((client) => client.loads[0]?.n_gpu_layers)).toEqual([999, 0]);
    expect(clients[0]?.exits).toBe(1);
    expect(engine.info()).toMatchObject({ device: "cpu", details: { gpuFallback: true } });
    expect(String(engine.info()?.details.deviceReason)).toMatch(/^CPU: loading on WebGPU failed \(.*driver reset/);
  });

  it("does not fall back to the CPU when the GPU was asked for explicitly; a broken file fails on both", async () => {
    const explicit = setup({ gpuLoadError: new Error("GPUDevice was lost") }, { gpu: gpuWith(["shader-f16"]) });
    await expect(explicit.engine.load({ modelId: "tiny", source, device: "gpu" })).rejects.toThrow(EngineError);
    expect(explicit.clients).toHaveLength(1);

    // llama.cpp reports some GPU failures as a failed load too, so "auto" tries the CPU; a broken file fails there.
    const broken = setup({ loadFails: true }, { gpu: gpuWith(["shader-f16"]) });
    await expect(broken.engine.load({ modelId: "tiny", source, device: "auto" })).rejects.toBeInstanceOf(ModelFileError);
    expect(broken.clients.map((client) => client.loads[0]?.n_gpu_layers)).toEqual([999, 0]);
  });

  it("uses the CPU for auto without a usable GPU, and refuses gpu", async () => {
    const auto = setup({}, { gpu: gpuWith([]) });
    await auto.engine.load({ modelId: "tiny", source, device: "auto" });
    expect(auto.client().loads[0]?.n_gpu_layers).toBe(0);
    expect(String(auto.engine.info()?.details.deviceReason)).toMatch(/shader-f16/);

    const gpu = setup({}, { gpu: gpuWith(["shader-f16"]), hasJspi: () => false });
    await expect(gpu.engine.load({ modelId: "tiny", source, device: "gpu" })).rejects.toBeInstanceOf(NoWebGpuError);
    expect(gpu.clients).toHaveLength(0);
  });

  it("refuses a file that is not GGUF before starting wllama", async () => {
    const { engine, clients } = setup();
    const notGguf: LoadOptions["source"] = { kind: "blobs", blobs: [new Blob(["<html>"])] };
    await expect(engine.load({ modelId: "x", source: notGguf })).rejects.toBeInstanceOf(ModelFileError);
    expect(clients).toHaveLength(0);
  });

  it("turns a load that llama.cpp failed (but wllama resolved) into ModelFileError with the log's reason", async () => {
    const { engine, client } = setup({
      loadFails: true,
      loadLog: [
        { level: "error", text: "gguf_init_from_reader: invalid magic characters: '????', expected 'GGUF'" },
        { level: "error", text: "srv    load_model: failed to load model, 'models/model-00001-of-00001.gguf'" },
      ],
    });
    const error = await engine.load({ modelId: "x", source }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    expect((error as Error).message).toMatch(/invalid magic/);
    expect(client().exits).toBe(1);
    expect(engine.isLoaded()).toBe(false);
  });

  it("reports running out of memory as OutOfMemoryError", async () => {
    const { engine } = setup({
      loadFails: true,
      loadLog: [{ level: "error", text: "ggml_backend_cpu_buffer_type_alloc_buffer: failed to allocate buffer of size 8589934592" }],
    });
    await expect(engine.load({ modelId: "x", source })).rejects.toBeInstanceOf(OutOfMemoryError);
  });

  it("rejects instead of hanging when the worker cannot start", async () => {
    const { engine, client } = setup({ workerError: true });
    await expect(engine.load({ modelId: "x", source })).rejects.toThrow(EngineError);
    expect(client().exits).toBe(1);
  });

  it("stops a load on abort and frees the worker", async () => {
    const { engine, client } = setup({ loadHangs: true });
    const controller = new AbortController();
    const loading = engine.load({ modelId: "x", source, signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(loading).rejects.toBeInstanceOf(AbortedError);
    expect(client().exits).toBe(1);
  });

  it("drops a model whose load finishes after an unload", async () => {
    const { engine, client } = setup();
    const loading = engine.load({ modelId: "a", source });
    await engine.unload();
    await expect(loading).rejects.toBeInstanceOf(AbortedError);
    expect(engine.isLoaded()).toBe(false);
    expect(client().exits).toBe(1);
  });

  it("refuses a second load while one runs, and replaces the model on the next", async () => {
    const { engine, clients } = setup();
    const first = engine.load({ modelId: "a", source });
    await expect(engine.load({ modelId: "b", source })).rejects.toBeInstanceOf(BusyError);
    await first;
    await engine.load({ modelId: "c", source });
    expect(clients[0]?.exits).toBe(1);
    expect(engine.info()?.modelId).toBe("c");
  });
});

describe("WllamaEngine.generate", () => {
  it("needs a model", () => {
    const { engine } = setup();
    expect(() => engine.generate({ messages: [] })).toThrow(ModelNotLoadedError);
  });

  it("streams the reply and reports stats from wllama's timings", async () => {
    const { engine, client } = setup({ reply: ["Hel", "lo", "!"], promptTokens: 30 });
    await engine.load({ modelId: "tiny", source });
    const stream = engine.generate({
      messages: [{ role: "user", content: "Hi" }],
      maxTokens: 8,
      temperature: 0,
      seed: 3,
      stop: ["\n"],
    });
    expect(await collect(stream)).toEqual(["Hel", "lo", "!"]);
    const stats = await stream.stats();
    expect(stats).toMatchObject({ promptTokens: 30, completionTokens: 3, finishReason: "stop" });
    expect(stats.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(stats.decodeMs).toBeGreaterThan(0);
    expect(client().chats[0]).toMatchObject({ max_tokens: 8, temperature: 0, seed: 3, stop: ["\n"], stream: true });
  });

  it("says length when the token limit ended the reply", async () => {
    const { engine } = setup({ reply: ["a", "b", "c"] });
    await engine.load({ modelId: "tiny", source });
    const stream = engine.generate({ messages: [{ role: "user", content: "Hi" }], maxTokens: 2 });
    expect(await collect(stream)).toEqual(["a", "b"]);
    expect((await stream.stats()).finishReason).toBe("length");
  });

  it("ends with AbortedError when the signal aborts, and stops the wllama request", async () => {
    const { engine, client } = setup({ reply: ["a", "b", "c", "d"] });
    await engine.load({ modelId: "tiny", source });
    const controller = new AbortController();
    const stream = engine.generate({ messages: [{ role: "user", content: "Hi" }], signal: controller.signal });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const chunk of stream) {
        seen.push(chunk.text);
        if (seen.length === 2) controller.abort();
      }
    })();
    await expect(reading).rejects.toBeInstanceOf(AbortedError);
    expect(seen).toEqual(["a", "b"]);
    expect(client().chats[0]?.abortSignal?.aborted).toBe(true);
    expect((await stream.stats()).finishReason).toBe("aborted");
  });

  it("stops the wllama request when the reader stops early", async () => {
    const { engine, client } = setup({ reply: ["a", "b", "c"] });
    await engine.load({ modelId: "tiny", source });
    const stream = engine.generate({ messages: [{ role: "user", content: "Hi" }] });
    for await (const chunk of stream) if (chunk.text === "a") break;
    expect(client().chats[0]?.abortSignal?.aborted).toBe(true);
    expect((await stream.stats()).finishReason).toBe("aborted");
  });

  it("maps a prompt longer than the context to ContextOverflowError", async () => {
    const { engine } = setup({ promptTokens: 5000 });
    await engine.load({ modelId: "tiny", source, contextSize: 512 });
    const stream = engine.generate({ messages: [{ role: "user", content: "long" }] });
    await expect(collect(stream)).rejects.toBeInstanceOf(ContextOverflowError);
    await expect(stream.stats()).rejects.toBeInstanceOf(ContextOverflowError);
  });

  it("maps a crash mid-stream to EngineError", async () => {
    const crash = new Error("memory access out of bounds");
    crash.name = "RuntimeError";
    const { engine } = setup({ reply: ["a", "b"], streamError: { atPiece: 1, error: crash } });
    await engine.load({ modelId: "tiny", source });
    await expect(collect(engine.generate({ messages: [{ role: "user", content: "Hi" }] }))).rejects.toThrow(/crashed/);
  });

  it("fails a generation whose worker dies mid-stream with EngineError, and drops the model", async () => {
    const { engine, client } = setup({ reply: ["a", "b", "c"], workerDiesAt: { atPiece: 1, message: "worker script error" } });
    await engine.load({ modelId: "tiny", source });
    const stream = engine.generate({ messages: [{ role: "user", content: "Hi" }] });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const chunk of stream) seen.push(chunk.text);
    })();
    // Without the watch, wllama's request stays pending forever and so would this.
    await expect(reading).rejects.toThrow(new EngineError("The wllama worker stopped: worker script error"));
    expect(seen).toEqual(["a"]);
    await expect(stream.stats()).rejects.toBeInstanceOf(EngineError);
    expect(client().exits).toBe(1);
    expect(engine.isLoaded()).toBe(false);
    expect(() => engine.generate({ messages: [] })).toThrow(ModelNotLoadedError);
  });

  it("reports a worker that died of memory exhaustion as OutOfMemoryError", async () => {
    const { engine } = setup({ reply: ["a", "b"], workerDiesAt: { atPiece: 0, message: "out of memory" } });
    await engine.load({ modelId: "tiny", source });
    await expect(collect(engine.generate({ messages: [{ role: "user", content: "Hi" }] }))).rejects.toBeInstanceOf(OutOfMemoryError);
  });

  it("loads again on a fresh worker after its worker died", async () => {
    const { engine, clients } = setup({ reply: ["a", "b"], workerDiesAt: { atPiece: 1, message: "gone" } });
    await engine.load({ modelId: "tiny", source });
    await expect(collect(engine.generate({ messages: [{ role: "user", content: "Hi" }] }))).rejects.toBeInstanceOf(EngineError);
    await engine.load({ modelId: "tiny", source });
    expect(clients).toHaveLength(2);
    expect(engine.isLoaded()).toBe(true);
  });

  it("aborts running generations on unload", async () => {
    const { engine, client } = setup({ reply: ["a", "b", "c"] });
    await engine.load({ modelId: "tiny", source });
    const stream = engine.generate({ messages: [{ role: "user", content: "Hi" }] });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await engine.unload();
    await expect(iterator.next()).rejects.toBeInstanceOf(AbortedError);
    expect(client().exits).toBe(1);
    expect(engine.isLoaded()).toBe(false);
    expect(engine.info()).toBeNull();
  });
});

describe("WllamaEngine token counts", () => {
  it("counts text exactly, behind a special-token filler one longer than the allocated context", async () => {
    const { engine, client } = setup({ addBos: true, chatTemplate: "{{ '<|im_start|>' }}", specialTokens: ["<|im_start|>"] });
    await engine.load({ modelId: "tiny", source, contextSize: 1024 });
    expect(await engine.countTokens("hello")).toBe(5);
    expect(await engine.countTokens("")).toBe(0);
    expect(client().raws.at(-1)?.prompt).toBe(`${"<|im_start|>".repeat(1025)}hello`);
  });

  it("counts a chat with the model's template", async () => {
    const { engine } = setup({ promptTokens: 24 });
    await engine.load({ modelId: "tiny", source });
    expect(await engine.countChatTokens([{ role: "user", content: "Hello" }])).toBe(24);
  });

  it("needs a model", async () => {
    const { engine } = setup();
    await expect(engine.countTokens("x")).rejects.toBeInstanceOf(ModelNotLoadedError);
  });
});
