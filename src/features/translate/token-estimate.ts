/**
 * Token arithmetic without a tokenizer call per string: the background measures the loaded model's characters per
 * token once, and these helpers turn that into batch budgets and output caps that fit the model's context window.
 */
import type { BatchLimits } from "./batching";

/** What the translate feature needs to know about the loaded model. */
export interface ModelFacts {
  readonly modelId: string;
  /** Usable context window, in tokens. */
  readonly contextSize: number;
  /** Measured on an English sample; about 4 for BPE vocabularies, 1 for a byte-level one. */
  readonly charsPerToken: number;
}

// Scripts where one character is about one token whatever the vocabulary (CJK, kana, hangul).
const denseScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/** Estimated token count of `text`: dense-script characters count one each, the rest by the measured ratio. */
export function estimateTokens(text: string, charsPerToken: number): number {
  const dense = text.match(denseScript)?.length ?? 0;
  const ratio = charsPerToken > 0 ? charsPerToken : 1;
  return dense + Math.ceil((text.length - dense) / ratio);
}

// Tokens the page prompt's instructions take, in characters (prompt.ts's system message is about 620 of them).
const PAGE_PROMPT_CHARS = 700;
const SELECTION_PROMPT_CHARS = 450;
// Output may run longer than the input (German from English, or a model that spells out numbers): plan for 1.5x.
const OUTPUT_FACTOR = 1.5;

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, Math.floor(value)));
}

/**
 * How page translation packs batches for this model: the source tokens of a batch plus its answer and the
 * instructions must fit the context. Small batches on purpose: the first paragraphs appear sooner, and small models
 * keep count of numbered lines better.
 */
export function pageBatchLimits(facts: ModelFacts): BatchLimits {
  const instructions = Math.ceil(PAGE_PROMPT_CHARS / facts.charsPerToken);
  const room = (facts.contextSize - instructions - 64) / (1 + OUTPUT_FACTOR);
  return {
    tokenBudget: clamp(room, 32, 480),
    maxSegments: 20,
    overheadPerSegment: 4,
    countTokens: (text) => estimateTokens(text, facts.charsPerToken),
  };
}

/** Most source tokens in one chunk of a long selection. */
export function selectionChunkBudget(facts: ModelFacts): number {
  const instructions = Math.ceil(SELECTION_PROMPT_CHARS / facts.charsPerToken);
  return clamp((facts.contextSize - instructions - 64) / (1 + OUTPUT_FACTOR), 32, 900);
}

/**
 * The most tokens an answer may take so prompt and answer stay inside the context; `wanted` is what the prompt asks
 * for. Never below 16, so a prompt that nearly fills the context still gets a short answer rather than none.
 */
export function capAnswerTokens(wanted: number, promptText: string, facts: ModelFacts): number {
  // 32 covers the chat template's role markers and the estimate's slack.
  const prompt = estimateTokens(promptText, facts.charsPerToken) + 32;
  return Math.max(16, Math.min(Math.ceil(wanted), facts.contextSize - prompt));
}
