/**
 * How long a summary will take, said before it starts ("about 2 minutes"), from the document's size and the engine's
 * measured speed. Also which mode to use by default: a CPU engine cannot read 65,000 tokens in a sensible time.
 */

import type { EngineInfo } from "../../engine/engine";
import { approximateTokenCount } from "./approx-tokens";
import { DEFAULT_INPUT_BUDGET, TEMPLATE_MARGIN, type SummaryMode } from "./budget";
import {
  buildCombineMessages,
  buildNotesMessages,
  buildSummaryMessages,
  maxOutputTokens,
  NOTES_MAX_TOKENS,
  type SummaryRequest,
} from "./prompt";

/** Measured engine speed. */
export interface EngineSpeed {
  prefillTokensPerSecond: number;
  decodeTokensPerSecond: number;
}

export interface SummaryPlan {
  mode: SummaryMode;
  calls: number;
  promptTokens: number;
  outputTokens: number;
  seconds: number;
}

export interface PlanInput {
  documentTokens: number;
  mode: SummaryMode;
  request: SummaryRequest;
  speed: EngineSpeed;
  inputBudget?: number;
}

// Tokens of "[n] " numbering per token of document text in a full read (one number per ~80-token paragraph).
const NUMBERING_PER_TOKEN = 0.05;
// Models rarely fill their output limit; this is the share a notes or summary step typically uses.
const OUTPUT_FILL = 0.75;

/** Estimate calls, tokens and seconds for summarizing a document of `documentTokens` tokens. */
export function estimateSummary(input: PlanInput): SummaryPlan {
  const budget = (input.inputBudget ?? DEFAULT_INPUT_BUDGET) - TEMPLATE_MARGIN;
  const finalOutput = Math.round(maxOutputTokens(input.request) * OUTPUT_FILL);
  const notesOutput = Math.round(NOTES_MAX_TOKENS * OUTPUT_FILL);
  let calls = 1;
  let promptTokens: number;
  let outputTokens = finalOutput;
  if (input.mode === "extractive") {
    const overhead = templateTokens(buildSummaryMessages([], input.request));
    promptTokens = Math.min(budget, overhead + input.documentTokens * (1 + NUMBERING_PER_TOKEN));
  } else {
    const notesOverhead = templateTokens(buildNotesMessages([], input.request, 1, 1));
    const text = input.documentTokens * (1 + NUMBERING_PER_TOKEN);
    const parts = Math.max(1, Math.ceil(text / Math.max(1, budget - notesOverhead)));
    calls = parts;
    promptTokens = text + parts * notesOverhead;
    outputTokens += parts * notesOutput;
    let notes = parts * notesOutput;
    // Merge levels while the notes exceed one prompt.
    while (notes > budget) {
      const batches = Math.ceil(notes / budget);
      calls += batches;
      promptTokens += notes + batches * notesOverhead;
      outputTokens += batches * notesOutput;
      notes = batches * notesOutput;
    }
    calls += 1;
    promptTokens += notes + templateTokens(buildCombineMessages([], input.request));
  }
  promptTokens = Math.round(promptTokens);
  const seconds =
    promptTokens / Math.max(1e-9, input.speed.prefillTokensPerSecond) +
    outputTokens / Math.max(1e-9, input.speed.decodeTokensPerSecond);
  return { mode: input.mode, calls, promptTokens, outputTokens, seconds };
}

/** Full read on a GPU or a local server, extractive on a CPU (where it would take many minutes). */
export function defaultSummaryMode(device: EngineInfo["device"]): SummaryMode {
  return device === "cpu" ? "extractive" : "full";
}

function templateTokens(messages: ReadonlyArray<{ content: string }>): number {
  return messages.reduce((sum, message) => sum + approximateTokenCount(message.content), 0);
}
