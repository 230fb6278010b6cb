/**
 * Token accounting the bench reports, measured by running the real orchestration against the echo model (the
 * tokens sent do not depend on what a model says beyond its notes' length, which the echo model keeps realistic).
 */

import type { CountTokens, DocBlock } from "./document";
import { echoModel } from "./echo-model";
import type { SummaryMode } from "./budget";
import { summarizeDocument } from "./map-reduce";
import type { SummaryRequest } from "./prompt";

export interface TokenAccount {
  mode: SummaryMode;
  /** Tokens of the document text. */
  documentTokens: number;
  /** Tokens of message content sent to the engine, all calls together. */
  tokensSent: number;
  /** tokensSent / documentTokens. */
  ratio: number;
  calls: number;
}

export interface TokenAccountOptions {
  request?: SummaryRequest;
  inputBudget?: number;
}

const BENCH_REQUEST: SummaryRequest = { style: "key-points", length: "medium" };
// Notes of ~25 words per point are what small instruction models write when asked for short notes.
const NOTE_WORDS = 25;

/** Tokens the model reads in default CPU (extractive) mode; the goal for a 200-page PDF is at most 2,500. */
export function measureDefaultModeTokens(blocks: readonly DocBlock[], countTokens: CountTokens, options: TokenAccountOptions = {}): Promise<TokenAccount> {
  return account("extractive", blocks, countTokens, options);
}

/** Tokens a full read sends compared with the document's own size (the overhead of prompts, numbering and notes). */
export function measureFullReadOverhead(blocks: readonly DocBlock[], countTokens: CountTokens, options: TokenAccountOptions = {}): Promise<TokenAccount> {
  return account("full", blocks, countTokens, options);
}

async function account(
  mode: SummaryMode,
  blocks: readonly DocBlock[],
  countTokens: CountTokens,
  options: TokenAccountOptions,
): Promise<TokenAccount> {
  const result = await summarizeDocument({
    blocks,
    request: options.request ?? BENCH_REQUEST,
    mode,
    generate: echoModel({ wordsPerPoint: NOTE_WORDS }),
    countTokens,
    ...(options.inputBudget === undefined ? {} : { inputBudget: options.inputBudget }),
  });
  const { documentTokens, tokensSent, calls } = result;
  return { mode, documentTokens, tokensSent, ratio: documentTokens > 0 ? tokensSent / documentTokens : 0, calls };
}
