/**
 * Whether a model's rewrite is readable text at all. A small or broken model can loop on a few characters
 * ("LnFd<LnFd<LnFd<") or emit noise that passes every other check (it is short, and too odd to be called another
 * language); showing it as "simplified" would replace the article with nonsense. The checks compare the rewrite with
 * its original, so a text full of numbers, code or a script without spaces is judged against what it replaces.
 */

// Punctuation that ordinary prose uses; anything else that is not a letter, digit, mark or space counts as a symbol.
const PROSE_PUNCTUATION = /[.,;:!?'"()\-–—‘’“”„«»‹›%&/…·、。，．！？：；「」『』（）]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;
const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** Share of characters (spaces aside) that are neither letters, digits nor prose punctuation. */
export function symbolShare(text: string): number {
  let counted = 0;
  let symbols = 0;
  for (const char of text) {
    if (/\s/u.test(char)) continue;
    counted++;
    if (!LETTER_OR_DIGIT.test(char) && !PROSE_PUNCTUATION.test(char)) symbols++;
  }
  return counted === 0 ? 0 : symbols / counted;
}

/** Distinct 5-character runs over all of them: near 1 for prose, low for a text that loops on a few characters. */
export function variety(text: string): number {
  const chars = Array.from(text.replace(/\s+/g, " "));
  if (chars.length < 40) return 1;
  const runs = new Set<string>();
  for (let at = 0; at + 5 <= chars.length; at++) runs.add(chars.slice(at, at + 5).join(""));
  return runs.size / (chars.length - 4);
}

/** True for a word whose shape prose does not have: case or letter/digit flipping inside it, or symbols within. */
export function isOddWord(word: string): boolean {
  const core = word.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, "");
  if (core.length < 4 || /^(https?:|www\.)/i.test(core)) return false;
  const chars = Array.from(core);
  let flips = 0;
  let inner = 0;
  for (let i = 1; i < chars.length; i++) {
    const previous = chars[i - 1] ?? "";
    const current = chars[i] ?? "";
    if (/\p{Ll}/u.test(previous) && /\p{Lu}/u.test(current)) flips++;
    if ((/\p{L}/u.test(previous) && /\p{N}/u.test(current)) || (/\p{N}/u.test(previous) && /\p{L}/u.test(current))) flips++;
    if (!LETTER_OR_DIGIT.test(current) && !/['’.-]/u.test(current)) inner++;
  }
  return flips >= 2 || inner >= 2;
}

/** True when `rewrite` is clearly not readable text of the kind `original` is. */
export function isGarbled(original: string, rewrite: string): boolean {
  const text = rewrite.trim();
  if (text === "") return false;
  // Noise: far more odd symbols than the original has.
  if (symbolShare(text) > Math.max(0.1, symbolShare(original) * 2)) return true;
  // A loop: the same few characters over and over.
  if (variety(text) < 0.35 && variety(text) < variety(original) * 0.6) return true;
  if (NO_SPACE_SCRIPT.test(original)) return false;
  const words = text.split(/\s+/);
  const longest = Math.max(...original.split(/\s+/).map((word) => Array.from(word).length));
  // One "word" much longer than any of the original's: characters run together without spaces.
  if (words.some((word) => Array.from(word).length > Math.max(30, longest * 1.5) && !/^(https?:|www\.)/i.test(word))) return true;
  const odd = words.filter(isOddWord).length;
  const oddInOriginal = original.split(/\s+/).filter(isOddWord).length;
  return odd >= 2 && odd / words.length > Math.max(0.2, (oddInOriginal / Math.max(1, original.split(/\s+/).length)) * 2);
}
