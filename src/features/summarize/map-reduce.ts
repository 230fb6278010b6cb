/**
 * Engine-agnostic summarization of a document of any length. Extractive mode (the CPU default) sends the model one
 * prompt of the top-ranked passages; a full read summarizes every chunk into notes, then combines the notes,
 * merging them level by level while they exceed the budget. Stopping keeps whatever was produced.
 */

import type { ChatMessage } from "../../engine/engine";
import { AbortedError, isAbort } from "../../shared/protocol/errors";
import { DEFAULT_INPUT_BUDGET, TEMPLATE_MARGIN, type SummaryMode } from "./budget";
import type { CountTokens, DocBlock } from "./document";
import { estimateSummary, type EngineSpeed, type SummaryPlan } from "./estimate";
import { selectPassages, type Passage } from "./extractive";
import { readInFull } from "./full-read";
import { linkPoints, parseSummary, type LinkedPoint, type LinkTarget, type ParsedSummary } from "./parse-summary";
import { buildSummaryMessages, maxOutputTokens, type SummaryRequest } from "./prompt";

export interface GenerateLimits {
  maxTokens: number;
}

/** Streams the model's reply to `messages`; ends with an AbortedError (or AbortError) when `signal` aborts. */
export type GenerateText = (messages: ChatMessage[], signal?: AbortSignal, limits?: GenerateLimits) => AsyncIterable<string>;

/** What the UI shows while it works: "Reading part 3 of 12". */
export interface SummaryProgress {
  phase: "selecting" | "reading" | "combining" | "writing";
  part: number;
  parts: number;
}

export interface SummarizeOptions {
  blocks: readonly DocBlock[];
  request: SummaryRequest;
  generate: GenerateText;
  countTokens: CountTokens;
  /** Default "extractive". */
  mode?: SummaryMode;
  /** Most tokens of message content in any one prompt. */
  inputBudget?: number;
  signal?: AbortSignal;
  onProgress?: (progress: SummaryProgress) => void;
  /** The final summary as it streams, raw and parsed, with the passages its "[n]" citations refer to. */
  onOutput?: (text: string, summary: ParsedSummary, targets: readonly LinkTarget[]) => void;
  /** Measured engine speed; with it, onEstimate hears the expected duration before the first model call. */
  speed?: EngineSpeed;
  onEstimate?: (plan: SummaryPlan) => void;
}

export interface SummaryResult {
  status: "done" | "stopped";
  mode: SummaryMode;
  /** The model's final output as written (empty if stopped before the final step began). */
  text: string;
  headline?: string;
  points: LinkedPoint[];
  /** Tokens of message content sent to the engine, all calls together. */
  tokensSent: number;
  /** Tokens of the document itself, for the tokensSent / documentTokens ratio. */
  documentTokens: number;
  calls: number;
}

/** Sends prompts, counts what was sent, and streams replies. */
export class ModelCalls {
  tokensSent = 0;
  calls = 0;

  constructor(
    private readonly generate: GenerateText,
    readonly countTokens: CountTokens,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Token count of all message contents. */
  async promptTokens(messages: readonly ChatMessage[]): Promise<number> {
    let total = 0;
    for (const message of messages) total += await this.countTokens(message.content);
    return total;
  }

  /** Run one prompt to completion, reporting the text so far after every piece. */
  async run(messages: ChatMessage[], maxTokens: number, onText?: (text: string) => void): Promise<string> {
    if (this.signal?.aborted) throw new AbortedError();
    this.tokensSent += await this.promptTokens(messages);
    this.calls++;
    let text = "";
    for await (const piece of this.generate(messages, this.signal, { maxTokens })) {
      text += piece;
      onText?.(text);
    }
    if (this.signal?.aborted) throw new AbortedError();
    return text;
  }
}

/** Summarize `blocks`; resolves with status "stopped" and the partial result when the signal aborts. */
export async function summarizeDocument(options: SummarizeOptions): Promise<SummaryResult> {
  const mode = options.mode ?? "extractive";
  const calls = new ModelCalls(options.generate, options.countTokens, options.signal);
  const documentText = options.blocks.map((block) => block.text).join("\n\n");
  const documentTokens = documentText.trim() === "" ? 0 : await options.countTokens(documentText);
  const final = { text: "", targets: [] as LinkTarget[] };
  let fallbackPoints: () => LinkedPoint[] = () => [];

  const writeFinal = async (messages: ChatMessage[], targets: LinkTarget[]): Promise<void> => {
    final.targets = targets;
    options.onProgress?.({ phase: "writing", part: 1, parts: 1 });
    await calls.run(messages, maxOutputTokens(options.request), (text) => {
      final.text = text;
      options.onOutput?.(text, parseSummary(text, options.request.style, true), targets);
    });
  };
  const result = (status: SummaryResult["status"]): SummaryResult => {
    const parsed = parseSummary(final.text, options.request.style, status === "stopped");
    const points = final.text.trim() !== "" ? linkPoints(parsed.points, final.targets) : fallbackPoints();
    const base = { status, mode, text: final.text, points, tokensSent: calls.tokensSent, documentTokens, calls: calls.calls };
    return parsed.headline === undefined ? base : { ...base, headline: parsed.headline };
  };

  try {
    if (documentTokens === 0) return result("done");
    const budget = options.inputBudget ?? DEFAULT_INPUT_BUDGET;
    if (options.speed) {
      options.onEstimate?.(estimateSummary({ documentTokens, mode, request: options.request, speed: options.speed, inputBudget: budget }));
    }
    if (mode === "extractive") {
      options.onProgress?.({ phase: "selecting", part: 1, parts: 1 });
      const passages = await fitPassages(options, calls, budget);
      await writeFinal(buildSummaryMessages(passages, options.request), passages);
    } else {
      await readInFull({
        blocks: options.blocks,
        request: options.request,
        calls,
        limit: budget - TEMPLATE_MARGIN,
        signal: options.signal,
        onProgress: options.onProgress,
        onNotes: (points) => (fallbackPoints = points),
        writeFinal,
      });
    }
    return result("done");
  } catch (error) {
    if (isAbort(error) || options.signal?.aborted) return result("stopped");
    throw error;
  }
}

// Selection budgets by estimated cost; the real prompt is measured and the weakest passage dropped until it fits.
async function fitPassages(options: SummarizeOptions, calls: ModelCalls, budget: number): Promise<Passage[]> {
  const overhead = await calls.promptTokens(buildSummaryMessages([], options.request));
  const limit = budget - TEMPLATE_MARGIN;
  let passages = await selectPassages(options.blocks, {
    budget: Math.max(1, limit - overhead),
    countTokens: options.countTokens,
    signal: options.signal,
  });
  while (passages.length > 1 && (await calls.promptTokens(buildSummaryMessages(passages, options.request))) > limit) {
    const weakest = passages.reduce((low, p) => (p.score < low.score ? p : low));
    passages = passages.filter((p) => p !== weakest).map((p, i) => ({ ...p, number: i + 1 }));
  }
  return passages;
}
