/**
 * Turn a page (or PDF) the sidebar read into the passages a chat turn includes: the sentences most relevant to the
 * question (query-biased ranking from summarize/extractive.ts) within a token budget, numbered in page order and
 * labelled with the heading they sit under (or their PDF page), so the budget line can say "page cut after Results".
 */
import type { CountTokens, DocBlock } from "../summarize/document";
import { selectRelevantPassages } from "../summarize/extractive";
import type { PageContext, PagePassage } from "./chat-prompt";

/** Longest section label kept; headings can be whole sentences. */
const MAX_SECTION_CHARS = 80;

function sectionLabel(text: string): string {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length <= MAX_SECTION_CHARS ? clean : `${clean.slice(0, MAX_SECTION_CHARS - 1).trimEnd()}…`;
}

/** The label of each block's place: the nearest heading before it, else its PDF page ("p. 3"), else none. */
function sectionsOf(blocks: readonly DocBlock[]): (string | undefined)[] {
  let heading: string | undefined;
  return blocks.map((block) => {
    if (block.kind === "heading") heading = sectionLabel(block.text);
    return heading ?? (block.sourceRef.page !== undefined ? `p. ${block.sourceRef.page}` : undefined);
  });
}

/** True when the document has some text besides headings. */
export function hasReadableText(blocks: readonly DocBlock[]): boolean {
  return blocks.some((block) => block.kind !== "heading" && block.text.trim() !== "");
}

export interface PageContextOptions {
  /** Most tokens the passages may take, with their "[n] " numbering. */
  budget: number;
  countTokens: CountTokens;
  signal?: AbortSignal;
}

/** The passages of `page` that best answer `question`, within the budget, in page order. */
export async function pageContextFor(
  page: { title: string; url?: string; blocks: readonly DocBlock[] },
  question: string,
  options: PageContextOptions,
): Promise<PageContext> {
  const blocks = page.blocks.filter((block) => block.text.trim() !== "");
  const sections = sectionsOf(blocks);
  const passages = await selectRelevantPassages(blocks, question, {
    budget: Math.max(0, options.budget),
    countTokens: options.countTokens,
    ...(options.signal && { signal: options.signal }),
  });
  const chosen: PagePassage[] = passages.map((passage) => {
    const section = sections[passage.blockIndex];
    return { number: passage.number, text: passage.text, score: passage.score, ...(section && { section }) };
  });
  return { title: page.title, ...(page.url && { url: page.url }), passages: chosen };
}
