/**
 * The engine speed a time estimate uses: measured from the model's own recent jobs when there are any, otherwise a
 * documented default for the kind of device.
 */
import type { EngineInfo, GenerateStats } from "../../engine/engine";
import type { EngineSpeed } from "./estimate";

/**
 * Defaults before a model has run: a ~100M-400M model in WebAssembly on one CPU core reads ~25 tokens/s and writes
 * ~8 (the figures DEFAULT_INPUT_BUDGET was set from); WebGPU and a local server are about two orders faster at reading.
 */
export const DEFAULT_SPEEDS: Record<EngineInfo["device"], EngineSpeed> = {
  cpu: { prefillTokensPerSecond: 25, decodeTokensPerSecond: 8 },
  webgpu: { prefillTokensPerSecond: 2500, decodeTokensPerSecond: 80 },
  "remote-loopback": { prefillTokensPerSecond: 1000, decodeTokensPerSecond: 40 },
};

// Runs shorter than this measure start-up noise more than speed.
const MIN_PREFILL_TOKENS = 16;
const MIN_DECODE_TOKENS = 8;
// Weight of the newest measurement: speeds drift (thermal throttling, other tabs), so recent runs count most.
const WEIGHT = 0.5;

/** Keeps a running speed per model from the stats of finished generations. */
export class SpeedMeter {
  private readonly speeds = new Map<string, Partial<EngineSpeed>>();

  /** Fold one generation's stats into the model's speed. */
  record(modelId: string, stats: GenerateStats): void {
    const current = this.speeds.get(modelId) ?? {};
    const next = { ...current };
    if (stats.promptTokens >= MIN_PREFILL_TOKENS && stats.timeToFirstTokenMs > 0) {
      next.prefillTokensPerSecond = blend(current.prefillTokensPerSecond, stats.promptTokens / (stats.timeToFirstTokenMs / 1000));
    }
    if (stats.completionTokens >= MIN_DECODE_TOKENS && stats.decodeMs > 0) {
      next.decodeTokensPerSecond = blend(current.decodeTokensPerSecond, stats.completionTokens / (stats.decodeMs / 1000));
    }
    this.speeds.set(modelId, next);
  }

  /** The speed to plan with for `info`'s model, and whether any of it was measured. */
  speedFor(info: Pick<EngineInfo, "modelId" | "device">): { speed: EngineSpeed; measured: boolean } {
    const fallback = DEFAULT_SPEEDS[info.device];
    const measured = this.speeds.get(info.modelId) ?? {};
    return {
      speed: {
        prefillTokensPerSecond: measured.prefillTokensPerSecond ?? fallback.prefillTokensPerSecond,
        decodeTokensPerSecond: measured.decodeTokensPerSecond ?? fallback.decodeTokensPerSecond,
      },
      measured: measured.prefillTokensPerSecond !== undefined || measured.decodeTokensPerSecond !== undefined,
    };
  }
}

function blend(previous: number | undefined, latest: number): number {
  return previous === undefined ? latest : previous * (1 - WEIGHT) + latest * WEIGHT;
}
