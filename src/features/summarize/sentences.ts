/**
 * Sentence splitting shared by chunking and extractive ranking. Rule-based rather than Intl.Segmenter because ICU
 * breaks after "Dr." and "e.g." and its rules differ between browser versions, and ranking must be deterministic.
 */

/** One sentence as offsets into the source string; `text` is the trimmed slice. */
export interface SentenceSpan {
  start: number;
  end: number;
  text: string;
}

// Scripts whose full stops are not followed by a space (Chinese, Japanese) end a sentence right after the mark.
const SPACELESS_TERMINATORS = "。！？｡";
const TERMINATORS = ".!?…‼⁇⁈⁉．।॥؟۔։።။" + SPACELESS_TERMINATORS;
const CLOSERS = "\"'”’»)]}」』）】〉》›";
const TERMINATOR_RUN = new RegExp(`[${escapeClass(TERMINATORS)}]+[${escapeClass(CLOSERS)}]*`, "gu");

// Words after which a period almost never ends a sentence.
const NEVER_FINAL = new Set([
  "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "rev", "gen", "col", "capt", "lt", "sgt", "hon", "messrs",
  "mme", "mlle", "e.g", "i.e", "cf", "vs", "viz", "approx", "al", "ca", "resp", "incl", "esp", "dept", "univ",
  "z.b", "d.h", "usw", "bzw", "ggf", "vgl",
]);
// Words after which a period does not end a sentence when a number follows ("Fig. 3", "No. 5", "Jan. 12").
const BEFORE_NUMBER = new Set([
  "no", "nos", "vol", "vols", "p", "pp", "fig", "figs", "eq", "eqs", "ch", "chap", "sec", "art", "tab", "op", "ref",
  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "nr", "bd", "s",
]);

function escapeClass(chars: string): string {
  return chars.replace(/[\\\]^-]/g, "\\$&");
}

/** Split `text` into sentences; every non-space character belongs to exactly one sentence, in order. */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let sentenceStart = 0;
  const pushUpTo = (end: number): void => {
    const span = trimmedSpan(text, sentenceStart, end);
    if (span) spans.push(span);
    sentenceStart = end;
  };

  const candidates: number[] = [];
  for (const match of text.matchAll(TERMINATOR_RUN)) candidates.push(match.index + match[0].length);
  // A blank line ends a sentence even without punctuation (headings, list items, hard-wrapped paragraphs).
  for (const match of text.matchAll(/\n[^\S\n]*\n/g)) candidates.push(match.index);
  candidates.sort((a, b) => a - b);

  for (const end of candidates) {
    if (end <= sentenceStart) continue;
    if (endsSentence(text, sentenceStart, end)) pushUpTo(end);
  }
  pushUpTo(text.length);
  return spans;
}

function trimmedSpan(text: string, from: number, to: number): SentenceSpan | null {
  let start = from;
  let end = to;
  while (start < end && /\s/u.test(text[start] ?? "")) start++;
  while (end > start && /\s/u.test(text[end - 1] ?? "")) end--;
  return start < end ? { start, end, text: text.slice(start, end) } : null;
}

function endsSentence(text: string, sentenceStart: number, end: number): boolean {
  const after = text.slice(end);
  if (/^\n[^\S\n]*\n/.test(after) || end >= text.length) return true;
  const run = lastTerminatorRun(text, end);
  if (!run) return /^\s*\n/.test(after); // blank-line candidate
  if ([...SPACELESS_TERMINATORS].some((mark) => run.includes(mark))) return true;
  const next = /^\s+(\S)/u.exec(after);
  if (!next) return false; // "3.14", "example.com", "e.g.the": no space, no break
  const nextChar = next[1] ?? "";
  const quoted = CLOSERS.includes(text[end - 1] ?? "");
  // "e.g. the", "approx. five", "... and then", and quoted speech: “Why?” she asked.
  if (/\p{Ll}/u.test(nextChar) && (quoted || /[.．…]/.test(run))) return false;
  if (!/[.．]/.test(run) || /[!?]/.test(run)) return true; // "!", "?", danda, Arabic question mark
  if (/^\.\.+|…/.test(run)) return true;
  const word = wordBefore(text, sentenceStart, end - run.length);
  if (word === "") return true;
  const lower = word.toLowerCase();
  if (NEVER_FINAL.has(lower)) return false;
  if (/\p{N}/u.test(nextChar) && BEFORE_NUMBER.has(lower)) return false;
  if (/^\p{Lu}$/u.test(word)) return false; // an initial: "J. R. R. Tolkien"
  // A lone enumeration marker ("1." at the start of a list item) is not a sentence.
  if (/^\p{N}{1,3}$/u.test(word) && text.slice(sentenceStart, end - run.length).trim() === word) return false;
  return true;
}

function lastTerminatorRun(text: string, end: number): string | null {
  let start = end;
  while (start > 0 && CLOSERS.includes(text[start - 1] ?? "")) start--;
  let runStart = start;
  while (runStart > 0 && TERMINATORS.includes(text[runStart - 1] ?? "")) runStart--;
  return runStart < start ? text.slice(runStart, start) : null;
}

function wordBefore(text: string, sentenceStart: number, end: number): string {
  // Include inner dots so "e.g" and "U.S" are seen whole.
  const match = /[\p{L}\p{N}.]*$/u.exec(text.slice(sentenceStart, end));
  return (match?.[0] ?? "").replace(/^\.+/, "");
}
