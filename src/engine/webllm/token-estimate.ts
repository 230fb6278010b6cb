/**
 * Token counts for the web-llm backend. web-llm 0.2.86 keeps its tokenizer private (MLCEngine exposes no encode),
 * so counts are estimated: approximateTokenCount() (about 1.3 tokens per English word, one per CJK character and
 * punctuation mark), plus 4 tokens per chat turn and 3 for the reply's opening, which is how most chat templates
 * wrap turns. The estimate is then scaled by how far off it was on this model: every finished generation reports the
 * true prompt size (usage.prompt_tokens), and observe() folds that into the scale. A small margin keeps the
 * estimate on the high side, because callers use it to decide what fits in the context window.
 */
import { approximateTokenCount } from "../../features/summarize/approx-tokens";
import type { ChatMessage } from "../engine";

const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_REPLY = 3;
/** Over-estimate by this much: trimming a prompt a little too much is harmless, overflowing the context is not. */
const SAFETY_MARGIN = 1.1;
/** Prompts shorter than this say little about the scale (the template's fixed part dominates). */
const MIN_SAMPLE_TOKENS = 32;
/** Weight of the newest observation. */
const SMOOTHING = 0.3;

export class CalibratedTokenEstimate {
  private scale = 1;

  /** Estimated tokens in `text`, no special tokens. */
  count(text: string): number {
    return Math.ceil(approximateTokenCount(text) * this.scale * SAFETY_MARGIN);
  }

  /** Estimated tokens of `messages` in the model's chat template, the reply's opening included. */
  countChat(messages: ChatMessage[]): number {
    return Math.ceil(rawChatEstimate(messages) * this.scale * SAFETY_MARGIN);
  }

  /** Learn from a generation whose whole prompt (`messages`) the model counted as `promptTokens`. */
  observe(messages: ChatMessage[], promptTokens: number): void {
    const raw = rawChatEstimate(messages);
    if (raw < MIN_SAMPLE_TOKENS || promptTokens <= 0) return;
    const ratio = Math.min(4, Math.max(0.25, promptTokens / raw));
    this.scale = this.scale * (1 - SMOOTHING) + ratio * SMOOTHING;
  }

  /** The current correction factor, for the status panel. */
  currentScale(): number {
    return this.scale;
  }
}

function rawChatEstimate(messages: ChatMessage[]): number {
  let total = TOKENS_PER_REPLY;
  for (const message of messages) total += TOKENS_PER_MESSAGE + approximateTokenCount(message.content);
  return total;
}

/**
 * True when `next` only adds turns to `previous` (the last conversation plus its reply). web-llm then reuses its
 * KV cache and reports only the new turns as prompt_tokens, which must not be mistaken for the whole prompt.
 */
export function continuesConversation(previous: ChatMessage[] | null, next: ChatMessage[]): boolean {
  if (!previous || next.length <= previous.length) return false;
  return previous.every((message, i) => next[i]?.role === message.role && next[i]?.content === message.content);
}
