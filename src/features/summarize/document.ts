/**
 * The shape every summarizable source is turned into (a selection, a Readability page, a PDF), so chunking, ranking and
 * prompting never care where the text came from.
 */

/** Where a piece of text lives in its source, so a summary point can link back to it. */
export interface SourceRef {
  /** 1-based PDF page. */
  page?: number;
  /** Opaque anchor the content script can scroll to (an element id or path it assigned). */
  anchor?: string;
}

export type BlockKind = "heading" | "paragraph" | "list-item";

/** One structural unit of a document, in reading order. */
export interface DocBlock {
  kind: BlockKind;
  text: string;
  /** Heading level, 1 = most important. Only meaningful for headings. */
  level?: number;
  sourceRef: SourceRef;
}

/** Counts tokens with the active engine's own tokenizer. */
export type CountTokens = (text: string) => Promise<number>;
