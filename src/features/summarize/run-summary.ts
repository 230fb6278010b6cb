/**
 * The background side of "summarize/document": plans the job for the loaded model (input budget from its context,
 * default mode from its device, time estimate from its measured speed), runs summarizeDocument on the engine host,
 * and turns its callbacks into the stream of chunks the sidebar renders.
 */
import type { EngineInfo, GenerateStats } from "../../engine/engine";
import type { GenerateRequest, HostChunk } from "../../engine/host/engine-host";
import { ContextOverflowError } from "../../shared/protocol/errors";
import { DEFAULT_INPUT_BUDGET, type SummaryMode } from "./budget";
import type { DocBlock } from "./document";
import type { SpeedMeter } from "./engine-speed";
import { defaultSummaryMode } from "./estimate";
import { summarizeDocument, type GenerateText } from "./map-reduce";
import { linkPoints, type LinkedPoint, type LinkTarget, type ParsedSummary } from "./parse-summary";
import { maxOutputTokens, NOTES_MAX_TOKENS, type SummaryRequest } from "./prompt";
import type { SummaryChunk, SummaryOptions, SummaryPoint } from "./protocol";

/** The engine host operations a summary needs (EngineHost has them all). */
export interface SummaryEngine {
  generate(request: GenerateRequest, signal: AbortSignal): AsyncIterable<HostChunk>;
  countTokens(text: string, signal?: AbortSignal): Promise<number>;
  contextSize(signal?: AbortSignal): Promise<number>;
  info(): EngineInfo | null;
}

export interface SummaryInput {
  blocks: DocBlock[];
  options: SummaryOptions;
  ownerTabId: number | null;
}

/** A GPU or local server reads fast enough that bigger prompts mean fewer calls in a full read. */
const FAST_INPUT_BUDGET = 3 * DEFAULT_INPUT_BUDGET;
/** Below this a prompt holds little more than its instructions. */
const MIN_INPUT_BUDGET = 256;
/** Tokens kept free past the prompt and the longest reply, for what a chat template adds. */
const CONTEXT_SAFETY = 16;
/** Low but not zero: small models at temperature 0 tend to repeat themselves. */
const TEMPERATURE = 0.2;
const COUNT_CACHE_LIMIT = 50_000;

/** The most prompt tokens a summary may use on a model with `contextSize` tokens of context. */
export function inputBudgetFor(contextSize: number, device: EngineInfo["device"], request: SummaryRequest): number {
  const reserve = Math.max(maxOutputTokens(request), NOTES_MAX_TOKENS) + CONTEXT_SAFETY;
  const budget = Math.min(device === "cpu" ? DEFAULT_INPUT_BUDGET : FAST_INPUT_BUDGET, contextSize - reserve);
  if (budget < MIN_INPUT_BUDGET) {
    throw new ContextOverflowError(`This model's context (${contextSize} tokens) is too small to summarize with. Choose a model with a larger context in Hearth's settings.`);
  }
  return budget;
}

/** Summarize `input` on `engine`, streaming plan, progress, the growing summary and the result. */
export async function* runSummary(engine: SummaryEngine, input: SummaryInput, signal: AbortSignal, speeds: SpeedMeter): AsyncGenerator<SummaryChunk> {
  // Loads the model if needed (and says clearly when there is none) before anything is planned.
  const contextSize = await engine.contextSize(signal);
  const info = engine.info();
  const device = info?.device ?? "cpu";
  const request: SummaryRequest = { style: input.options.style, length: input.options.length };
  if (input.options.language) request.language = input.options.language;
  const mode: SummaryMode = input.options.mode === "auto" ? defaultSummaryMode(device) : input.options.mode;
  const inputBudget = inputBudgetFor(contextSize, device, request);
  const planned = info ? speeds.speedFor(info) : speeds.speedFor({ modelId: "", device });

  const channel = new ChunkChannel();
  const counted = new Map<string, number>();
  const countTokens = async (text: string): Promise<number> => {
    const known = counted.get(text);
    if (known !== undefined) return known;
    const tokens = await engine.countTokens(text, signal);
    if (counted.size < COUNT_CACHE_LIMIT) counted.set(text, tokens);
    return tokens;
  };
  const onStats = (stats: GenerateStats) => {
    const modelId = engine.info()?.modelId;
    if (modelId) speeds.record(modelId, stats);
  };

  const job = summarizeDocument({
    blocks: input.blocks,
    request,
    mode,
    inputBudget,
    signal,
    generate: generateOn(engine, input.ownerTabId, (position) => channel.push({ kind: "queued", position }), onStats),
    countTokens,
    speed: planned.speed,
    onEstimate: (plan) =>
      channel.push({ kind: "plan", mode: plan.mode, seconds: plan.seconds, calls: plan.calls, measuredSpeed: planned.measured }),
    onProgress: (progress) => channel.push({ kind: "progress", ...progress }),
    onOutput: (_text, summary, targets) => channel.replaceOutput(outputChunk(summary, targets)),
  }).then(
    (result) => {
      const chunk: SummaryChunk = {
        kind: "done",
        status: result.status,
        mode: result.mode,
        points: result.points.map((point) => wirePoint(point, true)),
        calls: result.calls,
        tokensSent: result.tokensSent,
        documentTokens: result.documentTokens,
      };
      if (result.headline !== undefined) chunk.headline = result.headline;
      channel.push(chunk);
      channel.close();
    },
    (error: unknown) => channel.fail(error),
  );
  try {
    yield* channel.drain();
  } finally {
    await job;
  }
}

/** Points of a summary still being written, linked to their passages by citation or word overlap. */
function outputChunk(summary: ParsedSummary, targets: readonly LinkTarget[]): SummaryChunk {
  const linked = linkPoints(summary.points, targets);
  const points = linked.map((point, i) => wirePoint(point, summary.points[i]?.complete ?? true));
  return summary.headline === undefined ? { kind: "output", points } : { kind: "output", headline: summary.headline, points };
}

function wirePoint(point: LinkedPoint, complete: boolean): SummaryPoint {
  return { text: point.text, sources: point.sources, complete };
}

function generateOn(engine: SummaryEngine, ownerTabId: number | null, onQueued: (position: number) => void, onStats: (stats: GenerateStats) => void): GenerateText {
  return async function* (messages, signal, limits) {
    const jobSignal = signal ?? new AbortController().signal;
    const request: GenerateRequest = { messages, temperature: TEMPERATURE, ownerTabId, priority: "interactive" };
    if (limits) request.maxTokens = limits.maxTokens;
    for await (const chunk of engine.generate(request, jobSignal)) {
      if (chunk.kind === "text") yield chunk.text;
      else if (chunk.kind === "queued" && chunk.position > 0) onQueued(chunk.position);
      else if (chunk.kind === "done") onStats(chunk.stats);
    }
  };
}

/**
 * A queue from callbacks to an async generator. Output chunks each hold the whole summary so far, so a newer one
 * replaces an unsent older one: a slow consumer gets the latest text, not a backlog.
 */
class ChunkChannel {
  private readonly queue: SummaryChunk[] = [];
  private ended = false;
  private error: { value: unknown } | null = null;
  private wake: (() => void) | null = null;

  push(chunk: SummaryChunk): void {
    this.queue.push(chunk);
    this.notify();
  }

  replaceOutput(chunk: SummaryChunk): void {
    if (this.queue.at(-1)?.kind === "output") this.queue[this.queue.length - 1] = chunk;
    else this.queue.push(chunk);
    this.notify();
  }

  close(): void {
    this.ended = true;
    this.notify();
  }

  fail(error: unknown): void {
    this.error = { value: error };
    this.notify();
  }

  async *drain(): AsyncGenerator<SummaryChunk> {
    for (;;) {
      const next = this.queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.error) throw this.error.value;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    this.wake?.();
    this.wake = null;
  }
}
