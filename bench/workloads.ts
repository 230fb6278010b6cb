/**
 * The fixed inputs of the engine measures. The generated models tokenize one byte per token (tests/fixtures/models/
 * tiny-vocab.ts), so an ASCII text of n characters is exactly n prompt tokens on both engines.
 */
import { sampleReport } from "../tests/fixtures/pdf/sample-text";

/** Prompt tokens for the prefill measure. */
export const PREFILL_TOKENS = 256;
/** Decode steps timed per run. */
export const DECODE_TOKENS = 64;
/** Context allocated on both engines. */
export const CONTEXT_SIZE = 1024;
/** Page text given to the chat measure, in tokens: long enough that its prefill dominates the first answer. */
export const CHAT_PAGE_TOKENS = 512;
export const CHAT_ANSWER_TOKENS = 16;
/** Reply length for the host-vs-raw runs. */
export const HOST_RAW_TOKENS = 48;

const PROSE =
  "Hearth runs language models on this computer, so the text of a page never leaves it. A small model reads the " +
  "page, writes a summary, answers a question or translates a paragraph, one token at a time, on a single thread. ";

/**
 * A prompt of exactly PREFILL_TOKENS tokens that starts with a different letter for each `run`, so llama.cpp cannot
 * reuse the previous run's KV cache and every run processes the whole prompt.
 */
export function prefillPrompt(run: number): string {
  const text = `${String.fromCharCode(65 + (run % 26))} ${PROSE.repeat(Math.ceil(PREFILL_TOKENS / PROSE.length) + 1)}`;
  return text.slice(0, PREFILL_TOKENS);
}

/**
 * A short chat question that differs from the other runs' only at its end, so llama.cpp reuses the shared prefix and
 * each run processes about the same few prompt tokens: time to first token is then mostly the path's own overhead.
 */
export function chatQuestion(run: number): string {
  return `Describe a lighthouse keeper's day in a few plain sentences. (${String.fromCharCode(65 + (run % 26))})`;
}

/** Page text of exactly CHAT_PAGE_TOKENS ASCII characters, from the PDF fixtures' report generator. */
export function chatPageText(): string {
  const text = sampleReport(3)
    .flatMap((page) => [page.heading ?? "", ...page.paragraphs])
    .filter((part) => part !== "")
    .join("\n");
  return text.replace(/[^\n\x20-\x7e]/g, " ").slice(0, CHAT_PAGE_TOKENS);
}

export const CHAT_QUESTIONS: [string, string] = [
  "What did the survey team measure, and when?",
  "And what did the regional council do about it?",
];
