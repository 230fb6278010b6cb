/**
 * Text rules of the fake engine: how it counts tokens, splits a reply into streamed chunks and applies maxTokens and
 * stop sequences. Pure, so UI tests can compute exactly what FakeEngine will stream.
 */
import type { ChatMessage } from "../engine";

/** Characters the fake tokenizer puts in one token, about what English text averages with real BPE vocabularies. */
export const FAKE_CHARS_PER_TOKEN = 4;
/** Tokens the fake chat template adds around each message, like ChatML's `<|im_start|>role\n` ... `<|im_end|>\n`. */
export const FAKE_TOKENS_PER_MESSAGE = 4;
/** Tokens of the fake template's generation prompt (`<|im_start|>assistant\n`). */
export const FAKE_GENERATION_PROMPT_TOKENS = 3;

/** Fake token count of `text`: one token per started group of 4 UTF-16 code units, so "" is 0 and "hello" is 2. */
export function fakeTokenCount(text: string): number {
  return Math.ceil(text.length / FAKE_CHARS_PER_TOKEN);
}

/** Fake token count of a whole chat: every message's content plus its template overhead, plus the generation prompt. */
export function fakeChatTokenCount(messages: readonly ChatMessage[]): number {
  const content = messages.reduce((sum, message) => sum + fakeTokenCount(message.content) + FAKE_TOKENS_PER_MESSAGE, 0);
  return content + FAKE_GENERATION_PROMPT_TOKENS;
}

/**
 * Split `text` into the chunks a word-by-word stream sends: each word with the whitespace after it (leading
 * whitespace is its own chunk). Joining the chunks gives `text` back exactly.
 * Example: "Hi there,\nyou" -> ["Hi ", "there,\n", "you"].
 */
export function splitIntoWordChunks(text: string): string[] {
  return text.match(/\s+|\S+\s*/gu) ?? [];
}

/** `text` cut before the earliest occurrence of any non-empty stop sequence, and whether one was found. */
export function cutAtStop(text: string, stop: readonly string[] = []): { text: string; stopped: boolean } {
  let end = -1;
  for (const sequence of stop) {
    if (sequence === "") continue;
    const at = text.indexOf(sequence);
    if (at !== -1 && (end === -1 || at < end)) end = at;
  }
  return end === -1 ? { text, stopped: false } : { text: text.slice(0, end), stopped: true };
}

/**
 * The longest prefix of `text` that fits in `maxTokens` fake tokens, never splitting a character made of two UTF-16
 * code units, and whether anything was cut.
 */
export function truncateToTokens(text: string, maxTokens: number): { text: string; truncated: boolean } {
  const limit = Math.max(0, Math.floor(maxTokens)) * FAKE_CHARS_PER_TOKEN;
  if (text.length <= limit) return { text, truncated: false };
  let end = limit;
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end -= 1; // do not end on a lone high surrogate
  return { text: text.slice(0, end), truncated: true };
}
