/**
 * "Explain this": the prompt that asks the model what a selected word or sentence means in the passage it was taken
 * from, and the cleanup of its answer. The answer is shown as plain text only.
 */
import type { ChatMessage, GenerateOptions } from "../../engine/engine";
import { stripChatter } from "./simplify-prompt";

/** Enough tokens for three short sentences; an explanation is a glance, not an essay. */
export const EXPLAIN_MAX_TOKENS = 160;
/** Characters of the passage kept on each side of the selection: enough to tell which sense of a word is meant. */
const CONTEXT_RADIUS = 500;

/** Messages asking what `selection` means where it occurs in `context` (the paragraph around it). */
export function buildExplainMessages(selection: string, context: string, language?: string): ChatMessage[] {
  const languageRule = language ? `Answer in ${language}.` : "Answer in the same language as the text.";
  const system =
    "You help someone understand an article. Explain words and sentences in plain language, in one to three short " +
    `sentences, using common words. ${languageRule} Reply with the explanation only: no introduction, no notes.`;
  const quoted = oneLine(selection);
  const passage = passageAround(oneLine(context), quoted);
  const user = passage && passage !== quoted
    ? `Explain what "${quoted}" means in this passage:\n\n${passage}`
    : `Explain what this means:\n\n${quoted}`;
  return [
    { role: "system", content: system },
    { role: "user", content: user },
  ];
}

/** Generation options for an explanation: greedy, so the same question gets the same answer. */
export function explainGenerateOptions(selection: string, context: string, language?: string): Omit<GenerateOptions, "signal"> {
  return { messages: buildExplainMessages(selection, context, language), temperature: 0, seed: 0, maxTokens: EXPLAIN_MAX_TOKENS };
}

// "Sure! Here is the explanation:", "Explanation:", "The meaning of X here:" before the answer itself.
const LEAD_IN = /^(?:(?:sure|okay|ok|certainly|of course)[!.,]?[ \t]*)?(?:(?:here(?:'s| is)\b[^:\n]{0,60}|[^:\n]{0,60}\b(?:explanation|explained|meaning|means)\b[^:\n]{0,20}):[ \t]*\n?)?/i;

/** The explanation from the model's answer so far: lead-ins, quotes and Markdown marks removed, one paragraph. */
export function cleanExplanation(output: string, streaming = false): string {
  const text = output.replace(/\r\n?/g, "\n").trim().replace(LEAD_IN, "");
  return oneLine(stripChatter(text, streaming));
}

/** The part of `context` around the first occurrence of `selection`, cut at word boundaries. */
export function passageAround(context: string, selection: string): string {
  if (context.length <= CONTEXT_RADIUS * 2 + selection.length) return context;
  const at = Math.max(0, context.indexOf(selection));
  let start = Math.max(0, at - CONTEXT_RADIUS);
  let end = Math.min(context.length, at + selection.length + CONTEXT_RADIUS);
  if (start > 0) start = context.indexOf(" ", start) + 1 || start;
  if (end < context.length) end = context.lastIndexOf(" ", end) > at + selection.length ? context.lastIndexOf(" ", end) : end;
  return `${start > 0 ? "…" : ""}${context.slice(start, end).trim()}${end < context.length ? "…" : ""}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
