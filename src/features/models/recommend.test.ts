import { describe, expect, it } from "vitest";
import { CATALOG } from "./catalog";
import { recommendModel, type DeviceFacts } from "./recommend";

const device = (facts: Partial<DeviceFacts>): DeviceFacts => ({ deviceMemoryGb: null, cpuCores: 4, webgpu: false, freeBytes: 20e9, ...facts });

describe("model recommendation", () => {
  it("suggests the multilingual 0.5B model on a typical CPU-only laptop (Firefox hides device memory)", () => {
    expect(recommendModel(CATALOG, device({}))).toEqual({ modelId: "qwen2.5-0.5b-instruct-q8_0", reason: "cpu" });
  });

  it("allows a 1B model on a big CPU, and 1.5B with WebGPU", () => {
    expect(recommendModel(CATALOG, device({ cpuCores: 12, deviceMemoryGb: 16 }))).toEqual({ modelId: "llama-3.2-1b-instruct-q8_0", reason: "cpu" });
    expect(recommendModel(CATALOG, device({ cpuCores: 8, deviceMemoryGb: 8, webgpu: true }))).toEqual({ modelId: "qwen2.5-1.5b-instruct-q8_0", reason: "gpu" });
    expect(recommendModel(CATALOG, device({ cpuCores: 8, deviceMemoryGb: 6, webgpu: true }))).toEqual({ modelId: "qwen2.5-1.5b-instruct-q4_k_m", reason: "gpu" });
  });

  it("falls back to the smallest model on a small device or a full disk, and says why", () => {
    expect(recommendModel(CATALOG, device({ deviceMemoryGb: 1, cpuCores: 2 }))).toEqual({ modelId: "smollm2-360m-instruct-q8_0", reason: "small-device" });
    expect(recommendModel(CATALOG, device({ freeBytes: 100e6 }))).toEqual({ modelId: "smollm2-360m-instruct-q8_0", reason: "low-storage" });
  });

  it("prefers a smaller model that fits the disk over a better one that does not", () => {
    expect(recommendModel(CATALOG, device({ freeBytes: 500e6 }))).toEqual({ modelId: "smollm2-360m-instruct-q8_0", reason: "cpu" });
  });
});
