/**
 * Checks that WebGPU can run a web-llm model BEFORE web-llm starts: web-llm only looks at the GPU after it has
 * downloaded the model library and all the weights, so a missing GPU would cost the user a gigabyte for nothing.
 *
 * WebGPU does not report how much memory the GPU has. What it does report are per-buffer limits, which web-llm
 * needs to be at least 256 MiB (maxBufferSize) and 128 MiB (maxStorageBufferBindingSize), and which some models
 * raise (buffer_size_required_bytes). A total-memory budget, when the caller knows one (a setting, or the size of a
 * model that ran out of memory before), is checked against the model's declared VRAM need.
 */
import { NoWebGpuError, OutOfMemoryError } from "../../shared/protocol/errors";
import { CPU_FALLBACK_HINT, withCpuFallback } from "./webllm-errors";

/** The part of navigator.gpu this check uses, so tests can hand in a fake. */
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: "high-performance" | "low-power" }): Promise<GpuAdapterLike | null>;
}

export interface GpuAdapterLike {
  readonly features: { has(feature: string): boolean };
  readonly limits: {
    readonly maxBufferSize: number;
    readonly maxStorageBufferBindingSize: number;
    readonly maxComputeWorkgroupStorageSize: number;
    readonly maxStorageBuffersPerShaderStage: number;
  };
  readonly info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
}

export type GpuProbe =
  | {
      usable: true;
      shaderF16: boolean;
      maxBufferSize: number;
      maxStorageBufferBindingSize: number;
      /** The adapter in words, for the status panel, e.g. "nvidia ampere". */
      adapter: string;
    }
  | { usable: false; reason: string };

export interface GpuRequirement {
  modelId: string;
  needsShaderF16: boolean;
  vramMB: number;
  /** The model's declared minimum maxStorageBufferBindingSize, when it has one. */
  bufferSizeBytes?: number;
  /** GPU memory Hearth may use, in MB, when known. */
  memoryBudgetMB?: number;
}

const MiB = 1024 * 1024;
/** web-llm 0.2.86's own floors (detectGPUDevice), below which it refuses to start. */
const WEBLLM_MIN = {
  maxBufferSize: 256 * MiB,
  maxStorageBufferBindingSize: 128 * MiB,
  maxComputeWorkgroupStorageSize: 32 * 1024,
  maxStorageBuffersPerShaderStage: 10,
};

/** What the GPU offers, without requesting a device (cheap; safe to call for the model list). */
export async function probeWebGpu(gpu: GpuLike | undefined): Promise<GpuProbe> {
  if (!gpu) {
    return {
      usable: false,
      reason: `WebGPU is not available in this Firefox; ${CPU_FALLBACK_HINT} (To try the GPU engine, turn on dom.webgpu.enabled in about:config.)`,
    };
  }
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch {
    adapter = null;
  }
  if (!adapter) {
    return { usable: false, reason: `WebGPU is on, but Firefox offers no GPU adapter (no supported GPU or driver); ${CPU_FALLBACK_HINT}` };
  }
  if (adapter.info?.isFallbackAdapter) {
    return { usable: false, reason: `Firefox only offers a software WebGPU adapter, slower than the CPU engine; ${CPU_FALLBACK_HINT}` };
  }
  const { limits } = adapter;
  if (
    limits.maxComputeWorkgroupStorageSize < WEBLLM_MIN.maxComputeWorkgroupStorageSize ||
    limits.maxStorageBuffersPerShaderStage < WEBLLM_MIN.maxStorageBuffersPerShaderStage
  ) {
    return {
      usable: false,
      reason:
        `This GPU's WebGPU limits are below what web-llm needs (workgroup storage ${limits.maxComputeWorkgroupStorageSize} B, ` +
        `${limits.maxStorageBuffersPerShaderStage} storage buffers per shader); ${CPU_FALLBACK_HINT}`,
    };
  }
  const adapterName = [adapter.info?.vendor, adapter.info?.architecture || adapter.info?.description].filter(Boolean).join(" ");
  return {
    usable: true,
    shaderF16: adapter.features.has("shader-f16"),
    maxBufferSize: limits.maxBufferSize,
    maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
    adapter: adapterName || "unknown GPU",
  };
}

/** Why this GPU cannot run the model, as the error to raise, or null when it can. */
export function gpuShortfall(probe: GpuProbe, need: GpuRequirement): NoWebGpuError | OutOfMemoryError | null {
  if (!probe.usable) return new NoWebGpuError(probe.reason);
  if (need.needsShaderF16 && !probe.shaderF16) {
    return new NoWebGpuError(
      `${need.modelId} needs 16-bit GPU shaders (shader-f16), which this GPU does not offer in Firefox. Choose the ` +
        `model's q4f32 build, or ${CPU_FALLBACK_HINT}`,
    );
  }
  const bindingNeed = Math.max(WEBLLM_MIN.maxStorageBufferBindingSize, need.bufferSizeBytes ?? 0);
  if (probe.maxBufferSize < WEBLLM_MIN.maxBufferSize || probe.maxStorageBufferBindingSize < bindingNeed) {
    const has = Math.min(probe.maxBufferSize, probe.maxStorageBufferBindingSize);
    const wants = Math.max(probe.maxBufferSize < WEBLLM_MIN.maxBufferSize ? WEBLLM_MIN.maxBufferSize : 0, bindingNeed);
    return withCpuFallback(
      new OutOfMemoryError(
        `This GPU lets WebGPU use buffers of at most ${mb(has)} MB, but ${need.modelId} needs ${mb(wants)} MB. Choose ` +
          `a smaller model, or ${CPU_FALLBACK_HINT}`,
      ),
    );
  }
  if (need.memoryBudgetMB !== undefined && need.vramMB > need.memoryBudgetMB) {
    return withCpuFallback(
      new OutOfMemoryError(
        `${need.modelId} needs about ${Math.ceil(need.vramMB)} MB of GPU memory, more than the ` +
          `${Math.floor(need.memoryBudgetMB)} MB available. Choose a smaller model, or ${CPU_FALLBACK_HINT}`,
      ),
    );
  }
  return null;
}

/** Probe the GPU and throw NoWebGpuError/OutOfMemoryError unless it can run the model; returns the probe. */
export async function checkWebGpu(gpu: GpuLike | undefined, need: GpuRequirement): Promise<GpuProbe & { usable: true }> {
  const probe = await probeWebGpu(gpu);
  const shortfall = gpuShortfall(probe, need);
  if (shortfall) throw shortfall;
  if (!probe.usable) throw new NoWebGpuError(probe.reason);
  return probe;
}

function mb(bytes: number): number {
  return Math.floor(bytes / MiB);
}
