import { describe, expect, it } from "vitest";
import { NoWebGpuError, OutOfMemoryError } from "../../shared/protocol/errors";
import { fakeGpu } from "./fake-gpu";
import { checkWebGpu, type GpuRequirement, probeWebGpu } from "./gpu-check";
import { suggestsCpuFallback } from "./webllm-errors";

const MiB = 1024 * 1024;
const f16Model: GpuRequirement = { modelId: "Qwen2.5-0.5B-Instruct-q4f16_1-MLC", needsShaderF16: true, vramMB: 944.62 };
const f32Model: GpuRequirement = { modelId: "Qwen2.5-0.5B-Instruct-q4f32_1-MLC", needsShaderF16: false, vramMB: 1060.2 };

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error("expected a rejection");
}

describe("checkWebGpu", () => {
  it("says WebGPU is missing and that the CPU engine takes over when there is no navigator.gpu", async () => {
    const error = await failure(checkWebGpu(undefined, f16Model));
    expect(error).toBeInstanceOf(NoWebGpuError);
    expect(error.message).toContain("WebGPU is not available in this Firefox; Hearth will use the CPU engine");
    expect(suggestsCpuFallback(error)).toBe(true);
  });

  it("refuses when Firefox offers no adapter, or requestAdapter() throws", async () => {
    for (const gpu of [fakeGpu(null), fakeGpu(new Error("GPU process crashed"))]) {
      const error = await failure(checkWebGpu(gpu, f32Model));
      expect(error).toBeInstanceOf(NoWebGpuError);
      expect(error.message).toMatch(/no GPU adapter.*CPU engine/);
      expect(gpu.adapterRequests).toBe(1);
    }
  });

  it("refuses a software fallback adapter", async () => {
    const error = await failure(checkWebGpu(fakeGpu({ info: { isFallbackAdapter: true } }), f32Model));
    expect(error).toBeInstanceOf(NoWebGpuError);
  });

  it("refuses an f16 model on a GPU without shader-f16, but runs its f32 build there", async () => {
    const noF16 = fakeGpu({ features: [] });
    const error = await failure(checkWebGpu(noF16, f16Model));
    expect(error).toBeInstanceOf(NoWebGpuError);
    expect(error.message).toMatch(/shader-f16.*q4f32/);
    await expect(checkWebGpu(noF16, f32Model)).resolves.toMatchObject({ usable: true, shaderF16: false });
  });

  it("raises OutOfMemoryError when buffer limits are below web-llm's floor", async () => {
    for (const limits of [{ maxBufferSize: 128 * MiB }, { maxStorageBufferBindingSize: 64 * MiB }]) {
      const error = await failure(checkWebGpu(fakeGpu({ limits }), f32Model));
      expect(error).toBeInstanceOf(OutOfMemoryError);
      expect(suggestsCpuFallback(error)).toBe(true);
    }
  });

  it("raises OutOfMemoryError when the model declares a larger binding than the GPU allows", async () => {
    const gpu = fakeGpu({ limits: { maxStorageBufferBindingSize: 128 * MiB } });
    await expect(checkWebGpu(gpu, f32Model)).resolves.toMatchObject({ usable: true });
    const error = await failure(checkWebGpu(gpu, { ...f32Model, bufferSizeBytes: 262144000 }));
    expect(error).toBeInstanceOf(OutOfMemoryError);
    expect(error.message).toContain("at most 128 MB, but Qwen2.5-0.5B-Instruct-q4f32_1-MLC needs 250 MB");
  });

  it("raises OutOfMemoryError when the model's VRAM need exceeds a known memory budget", async () => {
    const error = await failure(checkWebGpu(fakeGpu(), { ...f32Model, memoryBudgetMB: 1024 }));
    expect(error).toBeInstanceOf(OutOfMemoryError);
    expect(error.message).toMatch(/1061 MB .*1024 MB/);
    await expect(checkWebGpu(fakeGpu(), { ...f32Model, memoryBudgetMB: 2048 })).resolves.toMatchObject({ usable: true });
  });

  it("refuses limits web-llm cannot start with at all", async () => {
    const error = await failure(checkWebGpu(fakeGpu({ limits: { maxStorageBuffersPerShaderStage: 8 } }), f32Model));
    expect(error).toBeInstanceOf(NoWebGpuError);
  });

  it("passes a capable GPU and names it", async () => {
    await expect(checkWebGpu(fakeGpu(), f16Model)).resolves.toEqual({
      usable: true,
      shaderF16: true,
      maxBufferSize: 2048 * MiB,
      maxStorageBufferBindingSize: 1024 * MiB,
      adapter: "nvidia ampere",
    });
  });

  it("probes without a model, for the model list", async () => {
    expect(await probeWebGpu(undefined)).toMatchObject({ usable: false });
    expect(await probeWebGpu(fakeGpu({ features: [] }))).toMatchObject({ usable: true, shaderF16: false });
  });
});
