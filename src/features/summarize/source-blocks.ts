/**
 * Turns what the sidebar read (page blocks, a selection) into the summarizer's DocBlocks, and back: a summary point's
 * source reference names the page block it came from, so a click can scroll the page there.
 */
import type { PageBlock } from "../page/protocol";
import type { DocBlock, SourceRef } from "./document";

const PAGE_ANCHOR = /^page:(\d+)$/;

/** Page blocks as DocBlocks whose anchor ("page:<index>") names the block. */
export function pageDocBlocks(blocks: readonly PageBlock[]): DocBlock[] {
  return blocks.map((block) => {
    const doc: DocBlock = { kind: block.kind, text: block.text, sourceRef: { anchor: `page:${block.sourceRef.index}` } };
    if (block.level !== undefined) doc.level = block.level;
    return doc;
  });
}

/** The page block index a source reference names, or null when it names none (a PDF page, a selection). */
export function pageBlockIndex(ref: SourceRef): number | null {
  const match = ref.anchor === undefined ? null : PAGE_ANCHOR.exec(ref.anchor);
  return match ? Number(match[1]) : null;
}

/** A selection as paragraphs (split at blank lines, or at line breaks when it has no blank lines). */
export function selectionDocBlocks(text: string): DocBlock[] {
  const normalized = text.replace(/\r\n?/g, "\n").trim();
  const parts = /\n\s*\n/.test(normalized) ? normalized.split(/\n\s*\n/) : normalized.split("\n");
  return parts
    .map((part) => part.replace(/\s+/g, " ").trim())
    .filter((part) => part !== "")
    .map((part) => ({ kind: "paragraph", text: part, sourceRef: {} }));
}

/** The distinct sources of a point, in document order (pages first by number, then page blocks by index). */
export function orderedSources(sources: readonly SourceRef[]): SourceRef[] {
  const seen = new Set<string>();
  const unique = sources.filter((ref) => {
    const key = `${ref.page ?? ""}|${ref.anchor ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return ref.page !== undefined || pageBlockIndex(ref) !== null;
  });
  return unique.sort((a, b) => (a.page ?? 0) - (b.page ?? 0) || (pageBlockIndex(a) ?? 0) - (pageBlockIndex(b) ?? 0));
}
