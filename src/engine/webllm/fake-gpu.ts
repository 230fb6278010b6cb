/**
 * A fake navigator.gpu for the web-llm unit tests, which run in Node where WebGPU does not exist. Defaults describe a
 * capable desktop GPU; each test overrides what it is about.
 */
import type { GpuAdapterLike, GpuLike } from "./gpu-check";

const MiB = 1024 * 1024;

export interface FakeAdapterSpec {
  features?: string[];
  limits?: Partial<GpuAdapterLike["limits"]>;
  info?: GpuAdapterLike["info"];
}

/** A GpuLike whose requestAdapter() answers `adapter` (null: no adapter; an Error: it throws). */
export function fakeGpu(adapter: FakeAdapterSpec | null | Error = {}): GpuLike & { adapterRequests: number } {
  const gpu = {
    adapterRequests: 0,
    async requestAdapter(): Promise<GpuAdapterLike | null> {
      gpu.adapterRequests++;
      if (adapter instanceof Error) throw adapter;
      if (adapter === null) return null;
      const features = new Set(adapter.features ?? ["shader-f16"]);
      return {
        features,
        limits: {
          maxBufferSize: 2048 * MiB,
          maxStorageBufferBindingSize: 1024 * MiB,
          maxComputeWorkgroupStorageSize: 32 * 1024,
          maxStorageBuffersPerShaderStage: 10,
          ...adapter.limits,
        },
        info: adapter.info ?? { vendor: "nvidia", architecture: "ampere", description: "" },
      };
    },
  };
  return gpu;
}
