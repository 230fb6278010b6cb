/**
 * Decides whether a load asks wllama for WebGPU. llama.cpp's WebGPU kernels need the adapter's 'shader-f16' feature,
 * and wllama's main wasm can only drive WebGPU with JS Promise Integration (Firefox without it logs "WebGPU is
 * disabled on Firefox due to missing JSPI support"), so both are required before any layer is offloaded.
 */
import { NoWebGpuError } from "../../shared/protocol/errors";
import type { GpuLogFacts } from "./wllama-log";

/** The part of navigator.gpu this reads; tests pass a stand-in. */
export interface GpuLike {
  requestAdapter(): Promise<{ features: { has(feature: string): boolean } } | null>;
}

export interface DeviceEnvironment {
  gpu: GpuLike | null | undefined;
  /** True when WebAssembly.Suspending exists (JSPI). */
  hasJspi: boolean;
}

export interface DeviceChoice {
  /** Passed to wllama's n_gpu_layers: 0 keeps everything on the CPU and hides WebGPU from the worker. */
  gpuLayers: number;
  /** Why the GPU is or is not used, for the status panel. */
  reason: string;
}

// More than any model has: llama.cpp clamps it to the real layer count.
const ALL_LAYERS = 999;

async function whyNoGpu(env: DeviceEnvironment): Promise<string | null> {
  if (!env.gpu) return "this browser exposes no WebGPU";
  if (!env.hasJspi) return "WebAssembly JSPI is not available, which wllama needs to drive WebGPU";
  let adapter: Awaited<ReturnType<GpuLike["requestAdapter"]>>;
  try {
    adapter = await env.gpu.requestAdapter();
  } catch (error) {
    return `requestAdapter failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (!adapter) return "no WebGPU adapter";
  if (!adapter.features.has("shader-f16")) return "the WebGPU adapter lacks shader-f16";
  return null;
}

/** How many layers to offload for `requested`; "gpu" without a usable GPU rejects with NoWebGpuError. */
export async function chooseDevice(requested: "cpu" | "gpu" | "auto", env: DeviceEnvironment): Promise<DeviceChoice> {
  if (requested === "cpu") return { gpuLayers: 0, reason: "CPU requested" };
  const problem = await whyNoGpu(env);
  if (problem === null) return { gpuLayers: ALL_LAYERS, reason: "WebGPU adapter with shader-f16" };
  if (requested === "gpu") throw new NoWebGpuError(`GPU requested but ${problem}.`);
  return { gpuLayers: 0, reason: `CPU: ${problem}` };
}

/** The device the model really ended up on, from what llama.cpp logged while loading. */
export function deviceUsed(choice: DeviceChoice, facts: GpuLogFacts): "cpu" | "webgpu" {
  return choice.gpuLayers > 0 && (facts.offloadedLayers ?? 0) > 0 ? "webgpu" : "cpu";
}
