import { IntegrityError } from "@mlc-ai/web-llm";
import { describe, expect, it } from "vitest";
import {
  AbortedError,
  ContextOverflowError,
  EngineError,
  ModelFileError,
  NoWebGpuError,
  OutOfMemoryError,
} from "../../shared/protocol/errors";
import { mapWebLlmError, suggestsCpuFallback } from "./webllm-errors";

/** An error shaped like web-llm's own (0.2.86 sets `name` to the class name). */
function webLlmError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

const MODEL = "Llama-3.2-1B-Instruct-q4f16_1-MLC";

describe("mapWebLlmError", () => {
  it("turns a device lost while loading into OutOfMemoryError that suggests the CPU engine", () => {
    const lost = webLlmError(
      "DeviceLostError",
      "The WebGPU device was lost while loading the model. This issue often occurs due to running out of memory (OOM).",
    );
    const mapped = mapWebLlmError(lost, "load", MODEL);
    expect(mapped).toBeInstanceOf(OutOfMemoryError);
    expect(mapped.message).toContain("Hearth will use the CPU engine");
    expect(suggestsCpuFallback(mapped)).toBe(true);
  });

  it("turns an out-of-memory failure while generating into OutOfMemoryError", () => {
    const mapped = mapWebLlmError(new Error("GPUOutOfMemoryError: Out of memory allocating buffer"), "generate", MODEL);
    expect(mapped).toBeInstanceOf(OutOfMemoryError);
    expect(suggestsCpuFallback(mapped)).toBe(true);
  });

  it("turns a device lost while generating into EngineError that suggests the CPU engine", () => {
    const mapped = mapWebLlmError(new Error("Device was lost. Detailed error: destroyed"), "generate", MODEL);
    expect(mapped).toBeInstanceOf(EngineError);
    expect(suggestsCpuFallback(mapped)).toBe(true);
  });

  it("turns web-llm's own no-WebGPU and missing-feature errors into NoWebGpuError", () => {
    for (const error of [
      webLlmError("WebGPUNotAvailableError", "WebGPU is not supported in your current environment"),
      webLlmError("ShaderF16SupportError", "This model requires WebGPU extension shader-f16"),
      new Error("Unable to find a compatible GPU. This issue might be because your computer doesn't have a GPU"),
    ]) {
      const mapped = mapWebLlmError(error, "load", MODEL);
      expect(mapped).toBeInstanceOf(NoWebGpuError);
      expect(suggestsCpuFallback(mapped)).toBe(true);
    }
  });

  it("maps a web-llm limit refusal to OutOfMemoryError", () => {
    const error = new Error("Cannot initialize runtime because of requested maxBufferSize exceeds limit. requested=256MB, limit=128MB.");
    expect(mapWebLlmError(error, "load", MODEL)).toBeInstanceOf(OutOfMemoryError);
  });

  it("maps an over-long prompt to ContextOverflowError, which the CPU engine would not fix", () => {
    const error = webLlmError("ContextWindowSizeExceededError", "Prompt tokens exceed context window size: number of prompt tokens: 5000; context window size: 4096\nConsider...");
    const mapped = mapWebLlmError(error, "generate", MODEL);
    expect(mapped).toBeInstanceOf(ContextOverflowError);
    expect(suggestsCpuFallback(mapped)).toBe(false);
  });

  it("maps web-llm's IntegrityError (a tampered library or weight) to ModelFileError", () => {
    const mapped = mapWebLlmError(new IntegrityError("moz-extension://x/lib.wasm", "sha256-a", "sha256-b"), "load", MODEL);
    expect(mapped).toBeInstanceOf(ModelFileError);
    expect(suggestsCpuFallback(mapped)).toBe(false);
  });

  it("maps download failures to ModelFileError and aborts to AbortedError", () => {
    expect(mapWebLlmError(new TypeError("NetworkError when attempting to fetch resource."), "load", MODEL)).toBeInstanceOf(ModelFileError);
    expect(mapWebLlmError(new DOMException("stopped", "AbortError"), "load", MODEL)).toBeInstanceOf(AbortedError);
  });

  it("keeps Hearth's own errors as they are", () => {
    const own = new AbortedError();
    expect(mapWebLlmError(own, "generate", MODEL)).toBe(own);
  });
});
