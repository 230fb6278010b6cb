/**
 * Turn a page's article into the passages a chat turn includes: the sentences most relevant to the question (query-
 * biased ranking from summarize/extractive.ts) within a token budget, numbered in page order and labelled with the
 * heading they sit under, so the budget line can say "page cut after Results".
 */
import type { PageArticle } from "../page/protocol";
import type { CountTokens, DocBlock } from "../summarize/document";
import { selectRelevantPassages } from "../summarize/extractive";
import type { PageContext, PagePassage } from "./chat-prompt";

/** Longest section label kept; headings can be whole sentences. */
const MAX_SECTION_CHARS = 80;

/** The article's blocks in the shape the ranking takes; the source index travels as the anchor. */
export function articleBlocks(article: Pick<PageArticle, "blocks">): DocBlock[] {
  return article.blocks
    .filter((block) => block.text.trim() !== "")
    .map((block) => ({
      kind: block.kind,
      text: block.text,
      ...(block.level !== undefined && { level: block.level }),
      sourceRef: { anchor: String(block.sourceRef.index) },
    }));
}

function sectionLabel(text: string): string {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length <= MAX_SECTION_CHARS ? clean : `${clean.slice(0, MAX_SECTION_CHARS - 1).trimEnd()}…`;
}

/** The heading each block sits under (the nearest one before it), or undefined before the first heading. */
function headingsAbove(blocks: readonly DocBlock[]): (string | undefined)[] {
  let current: string | undefined;
  return blocks.map((block) => {
    if (block.kind === "heading") current = sectionLabel(block.text);
    return current;
  });
}

/** True when the article has any text besides headings. */
export function hasReadableText(blocks: readonly DocBlock[]): boolean {
  return blocks.some((block) => block.kind !== "heading" && block.text.trim() !== "");
}

export interface PageContextOptions {
  /** Most tokens the passages may take, with their "[n] " numbering. */
  budget: number;
  countTokens: CountTokens;
  signal?: AbortSignal;
}

/** The passages of `article` that best answer `question`, within the budget, in page order. */
export async function pageContextFor(
  article: Pick<PageArticle, "title" | "url" | "blocks">,
  question: string,
  options: PageContextOptions,
): Promise<PageContext> {
  const blocks = articleBlocks(article);
  const sections = headingsAbove(blocks);
  const passages = await selectRelevantPassages(blocks, question, {
    budget: Math.max(0, options.budget),
    countTokens: options.countTokens,
    ...(options.signal && { signal: options.signal }),
  });
  const chosen: PagePassage[] = passages.map((passage) => {
    const section = sections[passage.blockIndex];
    return { number: passage.number, text: passage.text, score: passage.score, ...(section && { section }) };
  });
  return { title: article.title, url: article.url, passages: chosen };
}
