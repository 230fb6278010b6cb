/**
 * A deliberately simple check that a rewrite is in the same language as its original: the writing system first, then,
 * for Latin-script text, the function words of a few common languages. It only says "different" when both texts are
 * long enough and each clearly points one way; anything unclear counts as the same language, so a good rewrite is
 * never thrown away on a guess.
 */

export type ScriptGroup = "latin" | "cyrillic" | "greek" | "arabic" | "hebrew" | "han" | "japanese" | "hangul" | "devanagari" | "thai";

const SCRIPTS: readonly [Exclude<ScriptGroup, "japanese">, RegExp][] = [
  ["latin", /\p{Script=Latin}/u],
  ["cyrillic", /\p{Script=Cyrillic}/u],
  ["greek", /\p{Script=Greek}/u],
  ["arabic", /\p{Script=Arabic}/u],
  ["hebrew", /\p{Script=Hebrew}/u],
  ["han", /\p{Script=Han}/u],
  ["hangul", /\p{Script=Hangul}/u],
  ["devanagari", /\p{Script=Devanagari}/u],
  ["thai", /\p{Script=Thai}/u],
];
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
// Fewer letters than this say too little about a text's script.
const MIN_LETTERS = 12;
// Fewer words than this say too little about a text's language.
const MIN_WORDS = 8;

// Frequent function words; a word may sit in several lists, the margin between languages does the rest.
const STOP_WORDS: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries({
    en: "the and of to is in that it was for with are this on as be have they you not by from at which or will were has their but would can",
    fr: "le les des est et une dans du que qui pour pas sur au aux ce cette sont avec il elle nous vous ils mais ou plus leur été très",
    de: "der die das und ist nicht ein eine mit den von zu sich des auf für im dem auch es sie wird werden sind wir ich oder aber noch nach bei",
    es: "el los las del que y es una por con para se su sus pero más como está son muy también fue ha lo al este esta",
    it: "il lo gli della che è di e non per una sono con del nel alla anche più questo come ma ha delle degli",
    pt: "o os as do da dos das que é não em um uma para com se mais por no na foi são também ao pelo",
    nl: "de het een en van is dat niet op te zijn voor met die ook maar er wordt bij aan naar hij zij ze nog als",
  }).map(([language, words]) => [language, new Set(words.split(" "))]),
);

/** The writing system most of `text`'s letters use, or null when there are too few letters to say. */
export function dominantScript(text: string): ScriptGroup | null {
  const counts = new Map<ScriptGroup, number>();
  let letters = 0;
  let kana = 0;
  for (const char of text) {
    if (!/\p{L}/u.test(char)) continue;
    letters++;
    if (KANA.test(char)) {
      kana++;
      continue;
    }
    const group = SCRIPTS.find(([, pattern]) => pattern.test(char))?.[0];
    if (group) counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  if (letters < MIN_LETTERS) return null;
  // Japanese mixes kanji (Han) with kana; any real share of kana means Japanese.
  if (kana / letters > 0.1) return "japanese";
  let best: ScriptGroup | null = null;
  for (const [group, count] of counts) if (best === null || count > (counts.get(best) ?? 0)) best = group;
  return best;
}

/** The language of Latin-script `text` by its function words ("en", "fr", ...), or null when it is not clear. */
export function guessLatinLanguage(text: string): string | null {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < MIN_WORDS) return null;
  const scores = Object.entries(STOP_WORDS)
    .map(([language, stops]) => [language, words.filter((word) => stops.has(word)).length] as const)
    .sort((a, b) => b[1] - a[1]);
  const [best, second] = scores;
  if (!best || best[1] < 3 || best[1] / words.length < 0.12) return null;
  return second && best[1] < second[1] * 1.5 ? null : best[0];
}

/** True when `rewrite` is clearly in another language (or writing system) than `original`. */
export function isOtherLanguage(original: string, rewrite: string): boolean {
  const originalScript = dominantScript(original);
  const rewriteScript = dominantScript(rewrite);
  if (originalScript === null || rewriteScript === null) return false;
  if (originalScript !== rewriteScript) return true;
  if (originalScript !== "latin") return false;
  const originalLanguage = guessLatinLanguage(original);
  const rewriteLanguage = guessLatinLanguage(rewrite);
  return originalLanguage !== null && rewriteLanguage !== null && originalLanguage !== rewriteLanguage;
}
