/**
 * A tokenizer-free token estimate, for planning before a model is loaded (time estimates) and for tests and the
 * bench where no engine runs. Tuned to land near BPE counts of small multilingual models: about 1.3 tokens per English
 * word, one per CJK character, one per punctuation mark.
 */

const PIECE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu;
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;

/** Rough token count of `text` without a tokenizer. */
export function approximateTokenCount(text: string): number {
  let tokens = 0;
  for (const [piece] of text.matchAll(PIECE)) {
    if (CJK.test(piece)) tokens += 1;
    else tokens += 1 + Math.floor(piece.length / 7);
  }
  return tokens;
}

/** The estimate wrapped as the async counter the summarizer takes. */
export const approximateCountTokens = async (text: string): Promise<number> => approximateTokenCount(text);
