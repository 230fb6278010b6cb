// Unit tests of the wllama engine's helpers: log capture, error mapping, device choice.
import { describe, expect, it } from "vitest";
import {
  AbortedError,
  ContextOverflowError,
  EngineError,
  ModelFileError,
  ModelNotLoadedError,
  NoWebGpuError,
  OutOfMemoryError,
} from "../../shared/protocol/errors";
import { chooseDevice, deviceUsed, type GpuLike } from "./wllama-device";
import { promptTokensFromContextError, toHearthError } from "./wllama-errors";
import { WllamaLogCapture } from "./wllama-log";

const typed = (message: string, type: string) => Object.assign(new Error(message), { type });
const named = (message: string, name: string) => Object.assign(new Error(message), { name });

describe("WllamaLogCapture", () => {
  it("picks the GPU facts out of llama.cpp's load log", () => {
    const capture = new WllamaLogCapture();
    capture.logger.debug("llama_model_load_from_file_impl: using device WebGPU (NVIDIA) - 8000 MiB free");
    capture.logger.debug("load_tensors: offloaded 31/31 layers to GPU");
    expect(capture.gpuFacts()).toEqual({ deviceName: "WebGPU", offloadedLayers: 31, totalLayers: 31 });
  });

  it("keeps the latest error lines and forwards every call", () => {
    const forwarded: unknown[][] = [];
    const capture = new WllamaLogCapture({ error: (...args) => forwarded.push(args) });
    for (let i = 0; i < 25; i++) capture.logger.error("line", i);
    capture.logger.error("Model returned an error:", { message: "boom" });
    expect(capture.errors()).toHaveLength(20);
    expect(capture.errors().at(-1)).toBe("Model returned an error: boom");
    expect(forwarded).toHaveLength(26);
    capture.clearErrors();
    expect(capture.errors()).toEqual([]);
  });

  it("turns the worker's ErrorEvent into a rejection, even one that came first", async () => {
    const capture = new WllamaLogCapture();
    capture.logger.error({ type: "error", isTrusted: true });
    await expect(capture.workerFailure((m) => new EngineError(`worker: ${m}`))).rejects.toThrow(/blocked \(CSP\) or not found/);
    expect(capture.errors()).toEqual([]);
  });

  it("treats emscripten's abort while starting as the worker dying", async () => {
    const capture = new WllamaLogCapture();
    const failed = capture.workerFailure((m) => new EngineError(m));
    capture.logger.log("failed to asynchronously prepare wasm: CompileError: wasm validation error");
    capture.logger.log("Aborted(CompileError: wasm validation error: at offset 0: failed to match magic number)");
    await expect(failed).rejects.toThrow(/^Aborted\(CompileError/);
  });
});

describe("toHearthError", () => {
  it.each([
    ["an abort", named("Operation aborted", "AbortError"), [], AbortedError],
    ["a full KV cache", typed("no space", "kv_cache_full"), [], ContextOverflowError],
    ["a too long prompt", typed("request (2019 tokens) exceeds the available context size (512 tokens), try increasing it", "inference_error"), [], ContextOverflowError],
    ["no model", typed("loadModel() is not yet called", "model_not_loaded"), [], ModelNotLoadedError],
    ["a load error", typed("bad shard", "load_error"), [], ModelFileError],
    ["a bad file in the log", new Error("Invalid magic number"), ["gguf_init_from_reader: invalid magic characters"], ModelFileError],
    ["an allocation failure", new Error("x"), ["ggml_aligned_malloc: insufficient memory (attempted to allocate 9000 MB)", "failed to allocate buffer"], OutOfMemoryError],
    ["a JS allocation failure", new RangeError("Array buffer allocation failed"), [], OutOfMemoryError],
    ["a wasm crash", named("(ABORT) something", "RuntimeError"), [], EngineError],
    ["a version mismatch", typed("wasm file version differs", "version_mismatch"), [], EngineError],
    ["anything else", "weird", [], EngineError],
  ])("maps %s", (_, error, lines, expected) => {
    expect(toHearthError(error, lines)).toBeInstanceOf(expected);
  });

  it("keeps Hearth errors and explains failures with the most telling log line", () => {
    const original = new ModelFileError("already named");
    expect(toHearthError(original)).toBe(original);
    const mapped = toHearthError(typed("load failed", "load_error"), [
      "llama_model_load: error loading model: unknown model architecture: 'qwen9'",
      "srv load_model: failed to load model",
    ]);
    expect(mapped.message).toContain("unknown model architecture: 'qwen9'");
  });

  it("reads the prompt length out of llama-server's refusal", () => {
    expect(promptTokensFromContextError(new Error("request (2019 tokens) exceeds the available context size (512 tokens)"))).toBe(2019);
    expect(promptTokensFromContextError(new Error("other"))).toBeNull();
  });
});

describe("chooseDevice", () => {
  const adapter = (features: string[]): GpuLike => ({ requestAdapter: async () => ({ features: new Set(features) }) });
  const noAdapter: GpuLike = { requestAdapter: async () => null };
  const broken: GpuLike = {
    requestAdapter: async () => {
      throw new Error("GPU process crashed");
    },
  };

  it("keeps cpu on the CPU without asking for an adapter", async () => {
    expect(await chooseDevice("cpu", { gpu: broken, hasJspi: true })).toMatchObject({ gpuLayers: 0 });
  });

  it("offloads every layer only with JSPI and a shader-f16 adapter", async () => {
    expect((await chooseDevice("auto", { gpu: adapter(["shader-f16"]), hasJspi: true })).gpuLayers).toBeGreaterThan(100);
    for (const env of [
      { gpu: undefined, hasJspi: true },
      { gpu: noAdapter, hasJspi: true },
      { gpu: adapter(["timestamp-query"]), hasJspi: true },
      { gpu: adapter(["shader-f16"]), hasJspi: false },
      { gpu: broken, hasJspi: true },
    ]) {
      expect((await chooseDevice("auto", env)).gpuLayers).toBe(0);
      await expect(chooseDevice("gpu", env)).rejects.toBeInstanceOf(NoWebGpuError);
    }
  });

  it("calls it webgpu only when layers were really offloaded", () => {
    const gpu = { gpuLayers: 999, reason: "" };
    expect(deviceUsed(gpu, { offloadedLayers: 3, totalLayers: 3 })).toBe("webgpu");
    expect(deviceUsed(gpu, { offloadedLayers: 0, totalLayers: 3 })).toBe("cpu");
    expect(deviceUsed(gpu, {})).toBe("cpu");
    expect(deviceUsed({ gpuLayers: 0, reason: "" }, { offloadedLayers: 3 })).toBe("cpu");
  });
});
