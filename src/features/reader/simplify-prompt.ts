/**
 * Prompts that ask a small on-device model to rewrite article text at a reading level, and the parser that turns its
 * answer back into plain text, or rejects it so the reader keeps the original. One block per call: a paragraph alone,
 * or the items of a list (paragraphs of a quote) as numbered parts, answered as numbered lines.
 */
import type { ChatMessage, GenerateOptions } from "../../engine/engine";
import { isGarbled } from "./garbled-text";
import { isOtherLanguage } from "./language-guess";

export type SimplifyLevel = "plain" | "simple" | "very-simple";

/** The levels in the order the reader offers them ("Plain language", "Simple", "Very simple"). */
export const SIMPLIFY_LEVELS: readonly SimplifyLevel[] = ["plain", "simple", "very-simple"];

export type SimplifyRejection = "empty" | "too-long" | "other-language" | "wrong-count" | "refusal" | "garbled";

export type SimplifyOutcome = { ok: true; units: string[] } | { ok: false; reason: SimplifyRejection };

const LEVEL_GUIDE: Record<SimplifyLevel, string> = {
  plain:
    "Use plain language: clear, direct sentences, everyday words instead of jargon, and the active voice. " +
    "Keep every detail and about the same length.",
  simple:
    "Use simple language: short sentences of at most 15 words, one idea per sentence, and common words. " +
    "If you must keep a hard word, explain it in a few words.",
  "very-simple":
    "Use very simple language, for a child or someone just learning the language: very short sentences of at most " +
    "10 words, only the most common words, and no idioms. Keep the main facts; you may leave out small details.",
};

// A rewrite may explain a word or two, but one much longer than its original is the model wandering off.
const LENGTH_FACTOR = 1.75;
const LENGTH_SLACK = 40;

/** Messages asking for `units` (the parts of one block) rewritten at `level`. */
export function buildSimplifyMessages(units: readonly string[], level: SimplifyLevel, language?: string): ChatMessage[] {
  const languageRule = language ? `Write in ${language}.` : "Write in the same language as the text.";
  const system =
    "You rewrite text so that it is easier to read. Keep the meaning and every name, number and date. " +
    `Do not add facts or opinions. ${languageRule} Reply with the rewritten text only: no introduction, no notes, ` +
    "no quotation marks.";
  const task =
    units.length === 1
      ? `${LEVEL_GUIDE[level]}\n\nRewrite this text:\n\n${oneLine(units[0] ?? "")}`
      : `${LEVEL_GUIDE[level]}\n\nRewrite each of these ${units.length} numbered parts. Reply with exactly ` +
        `${units.length} lines in the same order, each starting with its number, like "1. ".\n\n` +
        units.map((unit, index) => `${index + 1}. ${oneLine(unit)}`).join("\n");
  return [
    { role: "system", content: system },
    { role: "user", content: task },
  ];
}

/** Generation options for one block: greedy (temperature 0) so a level's rewrite is the same every time. */
export function simplifyGenerateOptions(units: readonly string[], level: SimplifyLevel, language?: string): Omit<GenerateOptions, "signal"> {
  return { messages: buildSimplifyMessages(units, level, language), temperature: 0, seed: 0, maxTokens: maxRewriteTokens(units) };
}

/** Enough output tokens for the longest rewrite the parser accepts, plus a line of chatter it strips. */
export function maxRewriteTokens(units: readonly string[]): number {
  const longest = units.reduce((sum, unit) => sum + unit.length * LENGTH_FACTOR + LENGTH_SLACK, 0);
  // Ideographic text runs near one token per character, alphabetic text near one per three or four.
  const ideographic = units.join("").match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu)?.length ?? 0;
  const share = ideographic / Math.max(1, units.join("").length);
  return Math.ceil((longest / 3) * (1 - share) + longest * 1.2 * share) + 24;
}

/** The rewritten units from the model's whole answer, or why it cannot be used. */
export function parseSimplified(output: string, originals: readonly string[]): SimplifyOutcome {
  const text = stripChatter(output);
  if (text === "") return { ok: false, reason: "empty" };
  if (REFUSAL.test(text)) return { ok: false, reason: "refusal" };
  const units = originals.length === 1 ? [singleUnit(text, originals[0] ?? "")] : numberedUnits(text, originals.length);
  if (!units) return { ok: false, reason: "wrong-count" };
  for (const [index, unit] of units.entries()) {
    const original = originals[index] ?? "";
    if (unit === "") return { ok: false, reason: "empty" };
    if (unit.length > original.length * LENGTH_FACTOR + LENGTH_SLACK) return { ok: false, reason: "too-long" };
    if (isGarbled(original, unit)) return { ok: false, reason: "garbled" };
  }
  if (isOtherLanguage(originals.join(" "), units.join(" "))) return { ok: false, reason: "other-language" };
  return { ok: true, units };
}

/** What to show of a still-streaming answer: the chatter stripped and, for numbered parts, the parts so far. */
export function previewSimplified(partialOutput: string, unitCount: number): string[] {
  const text = stripChatter(partialOutput, true);
  if (unitCount === 1) return text ? [oneLine(text)] : [];
  return numberedParts(text).map((part) => part.text);
}

const REFUSAL = /^(i'?m sorry|i am sorry|sorry,|i cannot|i can'?t|i am unable|i'm unable|as an ai)\b/i;
// Words that make a line about the answer rather than part of it.
const ABOUT_ANSWER = String.raw`(?:text|version|rewrite|paragraph|parts?|simplif\w*|simpler|rewritten|plain language|easier|easy to read)`;
const ABOUT_ANSWER_WORD = new RegExp(String.raw`\b${ABOUT_ANSWER}\b`, "i");
const LEAD_IN = new RegExp(String.raw`^(?:(?:sure|okay|ok|certainly|of course)\b.*|.{0,80}\b${ABOUT_ANSWER}\b.*:)$`, "i");
const INLINE_LEAD_IN = new RegExp(
  String.raw`^(?:here(?:'s| is| are)\b[^:\n]{0,60}\b${ABOUT_ANSWER}\b[^:\n]{0,30}:|(?:simplified|rewritten|plain(?: language)?|simple|very simple)(?: text| version)?\s*:)\s*`,
  "i",
);
const SIGN_OFF = /^(?:i hope|hope this|let me know|feel free|note:|\(note|this (?:version|rewrite|text) (?:is|uses|keeps)|i (?:have|'ve) (?:kept|simplified|rewritten|made|used))/i;
const NUMBERED = /^\s*(?:\[(\d{1,3})\]|(\d{1,3})[.):])\s+(.*)$/;
const QUOTES: Record<string, string> = { '"': '"', "“": "”", "„": "“", "«": "»", "「": "」", "'": "'", "‘": "’" };

/** The answer without what small models wrap around it: code fences, lead-ins, sign-offs, quotes, Markdown marks. */
export function stripChatter(output: string, streaming = false): string {
  let text = output.replace(/\r\n?/g, "\n").trim();
  const fence = /```[^\n]*\n([\s\S]*?)(?:```|$)/.exec(text);
  if (fence) text = (fence[1] ?? "").trim();
  const lines = text.split("\n").map((line) => line.trim());
  // A lead-in stands before the answer or ends in a colon; a lone "Okay is not enough." is an answer.
  while (lines.length > 0 && (lines[0] === "" || (isLeadIn(lines[0] ?? "") && (lines.length > 1 || lines[0]?.endsWith(":"))))) lines.shift();
  // Mid-stream, a lead-in looks like text until its colon and line break arrive: hold back a short first line that
  // starts like one.
  const first = lines[0] ?? "";
  if (streaming && lines.length === 1 && first.length < 100 && /^(sure|here|okay|ok|certainly|of course)\b/i.test(first)) return "";
  while (lines.length > 1 && (lines.at(-1) === "" || SIGN_OFF.test(lines.at(-1) ?? ""))) lines.pop();
  text = lines.map(stripMarks).join("\n").trim();
  text = text.replace(INLINE_LEAD_IN, "");
  return unquote(text).trim();
}

function isLeadIn(line: string): boolean {
  if (NUMBERED.test(line)) return false;
  // "## Simplified text" or "**Simple version**": a title over the answer, even without a colon.
  const isTitle = /^#{1,6}\s|^\*\*.*\*\*$/.test(line) && ABOUT_ANSWER_WORD.test(line);
  return isTitle || LEAD_IN.test(stripMarks(line));
}

function stripMarks(line: string): string {
  return line
    .replace(/^#{1,6}\s+/, "")
    .replace(/^>\s?/, "")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/^\*\*|\*\*$/g, "")
    .trim();
}

function unquote(text: string): string {
  const open = text[0] ?? "";
  const close = QUOTES[open];
  if (!close || text.length < 2 || !text.endsWith(close)) return text;
  const inner = text.slice(1, -1);
  // "A" and "B" is two quotations, not one wrapped answer.
  return inner.includes(open) || inner.includes(close) ? text : inner;
}

function singleUnit(text: string, original: string): string {
  // Small models often number a lone part the way the prompt numbers several.
  const numbered = /^\s*(?:\[1\]|1[.):])\s+/.exec(text);
  const unnumbered = numbered && !/^\s*\d/.test(original) ? text.slice(numbered[0].length) : text;
  return oneLine(unquote(unnumbered.trim()));
}

function numberedUnits(text: string, count: number): string[] | null {
  const parts = numberedParts(text);
  if (parts.length !== count || parts.some((part, index) => part.number !== index + 1)) return null;
  return parts.map((part) => oneLine(unquote(part.text)));
}

function numberedParts(text: string): { number: number; text: string }[] {
  const parts: { number: number; text: string }[] = [];
  for (const line of text.split("\n")) {
    const match = NUMBERED.exec(line);
    const last = parts.at(-1);
    if (match) parts.push({ number: Number(match[1] ?? match[2]), text: (match[3] ?? "").trim() });
    else if (last && line.trim()) last.text = `${last.text} ${line.trim()}`;
  }
  return parts;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
