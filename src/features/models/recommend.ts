/**
 * Which catalog model to suggest for this device. Firefox does not expose navigator.deviceMemory, so memory is often
 * unknown; the CPU core count stands in. Without WebGPU, wllama runs on one CPU thread inside an extension (pages are
 * not cross-origin isolated), so larger models would answer too slowly to be pleasant: the tier is capped.
 */
import { catalogBytes, type CatalogModel, type SpeedTier } from "./catalog";

export interface DeviceFacts {
  /** navigator.deviceMemory in GB, where the browser tells it. */
  deviceMemoryGb: number | null;
  /** navigator.hardwareConcurrency. */
  cpuCores: number | null;
  /** A WebGPU adapter was found. */
  webgpu: boolean;
  /** Bytes Hearth may still store (quota − usage), or null. */
  freeBytes: number | null;
}

/** Why the model was picked, as a message key suffix the UI localizes. */
export type RecommendationReason = "gpu" | "cpu" | "small-device" | "low-storage";

export interface Recommendation {
  modelId: string;
  reason: RecommendationReason;
}

const TIER_ORDER: SpeedTier[] = ["small", "medium", "large"];

/** Memory to plan with, in bytes: what the browser says, else a guess from the core count. */
export function assumedMemoryBytes(facts: DeviceFacts): number {
  const GB = 1_000_000_000;
  if (facts.deviceMemoryGb !== null && facts.deviceMemoryGb > 0) return facts.deviceMemoryGb * GB;
  const cores = facts.cpuCores ?? 2;
  return cores >= 8 ? 8 * GB : cores >= 4 ? 4 * GB : 2 * GB;
}

/** The best-quality model that fits this device, or the smallest one when nothing fits. */
export function recommendModel(catalog: readonly CatalogModel[], facts: DeviceFacts): Recommendation {
  const memory = assumedMemoryBytes(facts);
  // The model shares memory with the browser and the pages open in it: plan on about a third.
  const budget = memory / 3;
  const cores = facts.cpuCores ?? 2;
  const maxTier: SpeedTier = facts.webgpu ? "large" : cores >= 8 && memory >= 8e9 ? "medium" : "small";
  const fitsTier = (model: CatalogModel) => TIER_ORDER.indexOf(model.tier) <= TIER_ORDER.indexOf(maxTier);
  const fitsMemory = (model: CatalogModel) => model.ramBytes <= budget;
  const fitsDisk = (model: CatalogModel) => facts.freeBytes === null || catalogBytes(model) <= facts.freeBytes * 0.9;
  const byQuality = [...catalog].sort((a, b) => b.quality - a.quality);
  const smallest = [...catalog].sort((a, b) => catalogBytes(a) - catalogBytes(b))[0];
  if (!smallest) throw new Error("The model catalog is empty.");

  const best = byQuality.find((model) => fitsTier(model) && fitsMemory(model) && fitsDisk(model));
  if (best) return { modelId: best.id, reason: facts.webgpu ? "gpu" : "cpu" };
  const anyMemoryFit = byQuality.some((model) => fitsTier(model) && fitsMemory(model));
  return { modelId: smallest.id, reason: anyMemoryFit ? "low-storage" : "small-device" };
}
