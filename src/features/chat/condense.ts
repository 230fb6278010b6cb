/**
 * "Summarize it first" for a message too long for the model: keep its most central sentences (the extractive ranking
 * from summarize/extractive.ts, no model involved) within a token budget, in their original order, so the model can
 * then summarize what is left and the conversation can go on about the summary.
 */
import type { CountTokens, DocBlock } from "../summarize/document";
import { selectPassages } from "../summarize/extractive";
import { splitSentences } from "../summarize/sentences";
import type { CondensedText } from "./protocol";

/** Paragraphs (split at blank lines) as blocks; Markdown headings stay headings so sections are covered evenly. */
export function textBlocks(text: string): DocBlock[] {
  return text
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const heading = /^(#{1,6})\s+(.+)$/.exec(part);
      return heading && !part.includes("\n")
        ? { kind: "heading" as const, text: heading[2] ?? part, level: heading[1]?.length ?? 1, sourceRef: {} }
        : { kind: "paragraph" as const, text: part.replace(/\s*\n\s*/g, " "), sourceRef: {} };
    });
}

/** The sentences of `text` most worth keeping, within `budget` tokens, paragraphs separated by blank lines. */
export async function condenseText(
  text: string,
  budget: number,
  countTokens: CountTokens,
  signal?: AbortSignal,
): Promise<CondensedText> {
  const blocks = textBlocks(text);
  const passages = await selectPassages(blocks, { budget, countTokens, ...(signal && { signal }) });
  const sentencesTotal = blocks
    .filter((block) => block.kind !== "heading")
    .reduce((sum, block) => sum + splitSentences(block.text).length, 0);
  return {
    text: passages.map((passage) => passage.text).join("\n\n"),
    sentencesKept: passages.reduce((sum, passage) => sum + passage.sentences.length, 0),
    sentencesTotal,
  };
}
