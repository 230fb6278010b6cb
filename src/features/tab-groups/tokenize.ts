/**
 * Turns free text (a title, a description, one URL path segment) into topic terms: Unicode-aware, lowercase, accents
 * folded, function words and numbers dropped, English plurals merged. Scripts written without spaces (Chinese,
 * Japanese, Thai...) are cut where the script changes and then into overlapping character pairs, which matches
 * shared words well enough for similarity without a dictionary.
 */
import { STOP_WORDS } from "./stop-words";

/** One term with the spelling it had in the text, so group names can show "MacBook" rather than "macbook". */
export interface Token {
  term: string;
  surface: string;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
// Runs of one script inside a word; the flagged scripts have no spaces between words.
const SCRIPT_RUN =
  /(\p{Script=Han}+)|(\p{Script=Hiragana}+)|([\p{Script=Katakana}ー]+)|([\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]+)|([^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]+)/gu;
const DIGIT = /\p{Nd}/gu;
const LETTER = /\p{L}/gu;
const HEX_ID = /^[0-9a-f]{6,}$/i;
const DIGIT_LETTER_SWITCH = /\p{Nd}(?=\p{L})|\p{L}(?=\p{Nd})/gu;
// Accents on Latin and Greek letters only: in Cyrillic "й" is its own letter, not an accented "и".
const ACCENTED_LETTER = /([\p{Script=Latin}\p{Script=Greek}])[\u0300-\u036f]+/gu;
// Every script written without spaces (Thai, Lao, ..., Han, kana) lies at or above U+0E00.
const FIRST_NO_SPACE_CODE_POINT = 0x0e00;
// A base character with the marks that belong to it (Thai tone marks, Devanagari vowel signs).
const CHARACTER_CLUSTER = /\P{M}\p{M}*/gu;

// Cheap checks that let plain ASCII words and words of spaced scripts skip the slow Unicode normalization and split.
function hasCodeUnitFrom(text: string, lowest: number): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= lowest) return true;
  return false;
}

/** Lowercase and strip Latin and Greek accents ("Conjugación" → "conjugacion"); other scripts' marks stay. */
export function foldTerm(text: string): string {
  const lower = text.toLowerCase();
  return !hasCodeUnitFrom(lower, 0x80) ? lower : lower.normalize("NFD").replace(ACCENTED_LETTER, "$1").normalize("NFC");
}

/**
 * True for numbers, ids and hashes: "2025", "e2158", "b000n501bk", "9f86d081", "1b9x7kq". Short model names with
 * one or two digits ("m3", "x1", "t14s") are kept.
 */
export function looksLikeId(word: string): boolean {
  const digits = word.match(DIGIT)?.length ?? 0;
  if (digits === 0) return false;
  const letters = word.match(LETTER)?.length ?? 0;
  const switches = word.match(DIGIT_LETTER_SWITCH)?.length ?? 0;
  return digits > letters || word.length >= 8 || switches >= 3 || HEX_ID.test(word);
}

/** Merge English plurals ("laptops", "cities", "boxes") with their singular; only plain a-z words are touched. */
export function stemPlural(term: string): string {
  if (term.length <= 3 || !/^[a-z]+$/.test(term)) return term;
  if (term.endsWith("ies") && term.length > 4) return `${term.slice(0, -3)}y`;
  if (/(?:ss|us|is|ous)$/.test(term)) return term;
  if (/(?:sses|xes|ches|shes|zzes)$/.test(term)) return term.slice(0, -2);
  if (term.endsWith("s")) return term.slice(0, -1);
  return term;
}

function pushCharacterPairs(run: string, tokens: Token[]): void {
  const chars = run.match(CHARACTER_CLUSTER) ?? [];
  if (chars.length === 1) {
    tokens.push({ term: run, surface: run });
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) {
    const pair = `${chars[i]}${chars[i + 1]}`;
    tokens.push({ term: pair, surface: pair });
  }
}

function pushWord(word: string, tokens: Token[], extraStopWords: ReadonlySet<string> | undefined): void {
  if (looksLikeId(word)) return;
  const folded = foldTerm(word);
  if (Array.from(folded).length < 2) return;
  const term = stemPlural(folded);
  for (const form of [folded, term]) if (STOP_WORDS.has(form) || extraStopWords?.has(form)) return;
  tokens.push({ term, surface: word });
}

/**
 * Split `text` into topic terms, in reading order.
 * @example tokenizeText("Kyoto's best Ramen Shops 2025") → terms "kyoto", "ramen", "shop"
 */
export function tokenizeText(text: string, extraStopWords?: ReadonlySet<string>): Token[] {
  const tokens: Token[] = [];
  for (const [word] of text.normalize("NFKC").matchAll(WORD)) {
    if (!hasCodeUnitFrom(word, FIRST_NO_SPACE_CODE_POINT)) {
      pushWord(word, tokens, extraStopWords);
      continue;
    }
    for (const match of word.matchAll(SCRIPT_RUN)) {
      const [run, han, hiragana, katakana, thaiLike, other] = match;
      if (han !== undefined || thaiLike !== undefined) pushCharacterPairs(run, tokens);
      // Short hiragana runs are particles and verb endings (の, を, する); longer ones can be words.
      else if (hiragana !== undefined) {
        if (Array.from(hiragana).length >= 3) pushCharacterPairs(hiragana, tokens);
      } else if (katakana !== undefined) {
        if (Array.from(katakana).length >= 2) tokens.push({ term: katakana, surface: katakana });
      } else if (other !== undefined) pushWord(other, tokens, extraStopWords);
    }
  }
  return tokens;
}
