/**
 * Prompts for summaries, written for small models: short plain instructions, numbered passages the model can cite as
 * "[3]", and one output shape per style so the parser knows what to expect.
 */

import type { ChatMessage } from "../../engine/engine";

export type SummaryStyle = "key-points" | "tldr" | "headline";
export type SummaryLength = "short" | "medium" | "long";

export interface SummaryRequest {
  style: SummaryStyle;
  length: SummaryLength;
  /** Output language as a BCP 47 code ("fr") or a name ("French"); absent means the document's language. */
  language?: string;
}

/** A piece of text the model sees under a number it can cite. */
export interface NumberedText {
  number: number;
  text: string;
}

const POINT_COUNT: Record<SummaryLength, number> = { short: 3, medium: 5, long: 8 };
const TLDR_SENTENCES: Record<SummaryLength, string> = { short: "one sentence", medium: "two or three sentences", long: "four to six sentences" };
const PARAGRAPH_SENTENCES: Record<SummaryLength, string> = { short: "two sentences", medium: "four sentences", long: "six to eight sentences" };
/** Tokens a part's notes may take in a full read; small enough that 30 parts' notes still fit one prompt. */
export const NOTES_MAX_TOKENS = 160;

/** The most output tokens a summary of this style and length should need. */
export function maxOutputTokens(request: SummaryRequest): number {
  const perPoint = 45;
  switch (request.style) {
    case "key-points":
      return POINT_COUNT[request.length] * perPoint + 20;
    case "tldr":
      return { short: 70, medium: 150, long: 300 }[request.length];
    case "headline":
      return { short: 130, medium: 230, long: 400 }[request.length];
  }
}

/** Messages asking for the final summary of numbered passages (extractive mode, or the last step of a full read). */
export function buildSummaryMessages(passages: readonly NumberedText[], request: SummaryRequest): ChatMessage[] {
  return [
    { role: "system", content: systemPrompt(request) },
    { role: "user", content: `Passages:\n${formatNumbered(passages)}\n\n${instruction(request)}` },
  ];
}

/** Messages asking for notes on one part of a document read in full. */
export function buildNotesMessages(
  passages: readonly NumberedText[],
  request: SummaryRequest,
  part: number,
  parts: number,
): ChatMessage[] {
  return [
    { role: "system", content: systemPrompt(request) },
    {
      role: "user",
      content:
        `Part ${part} of ${parts} of a document:\n${formatNumbered(passages)}\n\n` +
        "Write at most 4 short bullet points with the most important facts of this part. " +
        "End each point with the passage numbers it comes from, like [2].",
    },
  ];
}

/** Messages asking to merge notes into fewer notes, when all notes of a full read do not fit one prompt. */
export function buildMergeNotesMessages(notes: readonly string[], request: SummaryRequest): ChatMessage[] {
  return [
    { role: "system", content: systemPrompt(request) },
    {
      role: "user",
      content:
        `Notes on consecutive parts of a document:\n${notes.join("\n")}\n\n` +
        "Merge these notes into at most 6 bullet points with the most important facts. Keep the passage numbers in " +
        "square brackets, like [2].",
    },
  ];
}

/** Messages asking for the final summary from notes of a full read; notes keep their "[n]" citations. */
export function buildCombineMessages(notes: readonly string[], request: SummaryRequest): ChatMessage[] {
  return [
    { role: "system", content: systemPrompt(request) },
    { role: "user", content: `Notes on the whole document, in order:\n${notes.join("\n")}\n\n${instruction(request)}` },
  ];
}

/** Passages as the model sees them: one per line, "[n] text". */
export function formatNumbered(passages: readonly NumberedText[]): string {
  return passages.map((passage) => `[${passage.number}] ${passage.text.replace(/\s+/g, " ").trim()}`).join("\n");
}

/** A human language name for a code ("de" -> "German"); names pass through unchanged. */
export function languageName(language: string): string {
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) return language;
  try {
    return new Intl.DisplayNames(["en"], { type: "language" }).of(language) ?? language;
  } catch {
    return language;
  }
}

function systemPrompt(request: SummaryRequest): string {
  const language = request.language
    ? `Write in ${languageName(request.language)}.`
    : "Write in the same language as the passages.";
  return `You summarize documents accurately. Use only facts from the text you are given. ${language}`;
}

function instruction(request: SummaryRequest): string {
  const cite = "End each point with the passage numbers it comes from, like [2] or [2][5].";
  switch (request.style) {
    case "key-points":
      return `Write the ${POINT_COUNT[request.length]} most important points as a bulleted list, one line each, each line starting with "- ". ${cite}`;
    case "tldr":
      return `Write a TL;DR of ${TLDR_SENTENCES[request.length]}. End each sentence with the passage numbers it comes from, like [2].`;
    case "headline":
      return (
        "Write a headline on the first line, then a blank line, then a paragraph of " +
        `${PARAGRAPH_SENTENCES[request.length]}. End each sentence of the paragraph with the passage numbers it comes from, like [2].`
      );
  }
}
