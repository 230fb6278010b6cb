/**
 * How long until the answer's first words: the prompt tokens the engine has not read yet, divided by how fast it reads.
 * The speed is measured on each finished answer (GenerateStats) and remembered per model; before the first answer it
 * is a default for the device (a 100M-parameter model in WebAssembly on one CPU core reads about 25 tokens a second).
 *
 * The engine keeps the previous prompt in its KV cache, so a follow-up that repeats it and appends only reads the new
 * part; the cached part is estimated from the messages the two prompts share at their start. (Other features' jobs
 * in between replace the cache, which makes this an optimistic estimate then.)
 */
import type { ChatMessage, EngineInfo, GenerateStats } from "../../engine/engine";
import type { FirstAnswerEstimate } from "./protocol";

/**
 * Prompt tokens read per second before any measurement, by where the model runs; the same figures as the summary's
 * time estimate (summarize/engine-speed.ts), so the two features never disagree about one model.
 */
export const DEFAULT_READ_SPEED: Record<EngineInfo["device"], number> = {
  cpu: 25,
  webgpu: 2500,
  "remote-loopback": 1000,
};

// A new measurement counts this much against the ones before, so one odd answer does not swing the estimate.
const SMOOTHING = 0.5;
// Answers whose prompt was mostly cached say little about reading speed.
const MIN_MEASURED_TOKENS = 16;

/** Messages the two prompts share from the start, whole messages only. */
export function sharedPrefixLength(previous: readonly ChatMessage[], next: readonly ChatMessage[]): number {
  let shared = 0;
  while (
    shared < previous.length &&
    shared < next.length &&
    previous[shared]?.role === next[shared]?.role &&
    previous[shared]?.content === next[shared]?.content
  ) {
    shared++;
  }
  return shared;
}

/** Remembers each model's reading speed and the last prompt sent, to estimate the wait for the next answer. */
export class ReadSpeedTracker {
  private readonly speeds = new Map<string, number>();
  private lastPrompt: { modelId: string; messages: ChatMessage[] } | null = null;

  /** The estimate for `promptTokens`, of which `cachedTokens` the engine already holds. */
  estimate(info: Pick<EngineInfo, "modelId" | "device">, promptTokens: number, cachedTokens: number): FirstAnswerEstimate {
    const measured = this.speeds.get(info.modelId);
    const tokensPerSecond = measured ?? DEFAULT_READ_SPEED[info.device];
    const tokensToRead = Math.max(1, promptTokens - Math.max(0, cachedTokens));
    return { seconds: tokensToRead / tokensPerSecond, tokensToRead, tokensPerSecond, measured: measured !== undefined };
  }

  /** Messages at the start of `messages` that the engine read last time for this model (it may still cache them). */
  cachedMessages(modelId: string, messages: readonly ChatMessage[]): ChatMessage[] {
    if (this.lastPrompt?.modelId !== modelId) return [];
    return messages.slice(0, sharedPrefixLength(this.lastPrompt.messages, messages));
  }

  /** Note the prompt just sent, whatever becomes of the answer. */
  sent(modelId: string, messages: readonly ChatMessage[]): void {
    this.lastPrompt = { modelId, messages: [...messages] };
  }

  /** Learn from a finished answer: it read `tokensRead` new prompt tokens before its first word. */
  learn(modelId: string, stats: Pick<GenerateStats, "timeToFirstTokenMs">, tokensRead: number): void {
    if (tokensRead < MIN_MEASURED_TOKENS || stats.timeToFirstTokenMs <= 0) return;
    const speed = tokensRead / (stats.timeToFirstTokenMs / 1000);
    const before = this.speeds.get(modelId);
    this.speeds.set(modelId, before === undefined ? speed : before * (1 - SMOOTHING) + speed * SMOOTHING);
  }
}
