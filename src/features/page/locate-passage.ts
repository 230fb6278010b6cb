/**
 * Finds the live passage a block index points at. The index comes from an earlier extraction; if the page changed
 * since (or the content script restarted), the page is read again and the passage is found by its text.
 */
import type { BlockAnchor, Extraction } from "./extract-article";
import { collapseWhitespace } from "./block-walker";

export interface Located {
  anchor: BlockAnchor | null;
  /** The extraction the anchor belongs to, to keep for the next lookup. */
  extraction: Extraction;
}

/** The anchor of block `index` (whose text starts with `probe`, when given), extracting again if needed. */
export function locatePassage(current: Extraction | null, index: number, probe: string | undefined, extract: () => Extraction): Located {
  const wanted = probe === undefined ? undefined : collapseWhitespace(probe);
  if (current) {
    const anchor = anchorAt(current, index, wanted);
    if (anchor) return { anchor, extraction: current };
  }
  const fresh = extract();
  const direct = anchorAt(fresh, index, wanted);
  if (direct || wanted === undefined || wanted === "") return { anchor: direct, extraction: fresh };
  // The page changed under the index: look for the passage by its text, nearest to where it was.
  const candidates = fresh.article.blocks
    .map((block, i) => ({ i, match: matches(block.text, wanted) }))
    .filter((candidate) => candidate.match)
    .sort((a, b) => Math.abs(a.i - index) - Math.abs(b.i - index));
  for (const candidate of candidates) {
    const anchor = live(fresh.anchors[candidate.i] ?? null);
    if (anchor) return { anchor, extraction: fresh };
  }
  return { anchor: null, extraction: fresh };
}

function anchorAt(extraction: Extraction, index: number, wanted: string | undefined): BlockAnchor | null {
  const block = extraction.article.blocks[index];
  if (!block || (wanted !== undefined && wanted !== "" && !matches(block.text, wanted))) return null;
  return live(extraction.anchors[index] ?? null);
}

function matches(text: string, wanted: string): boolean {
  return text.startsWith(wanted) || wanted.startsWith(text);
}

function live(anchor: BlockAnchor | null): BlockAnchor | null {
  return anchor && anchor.first.isConnected && anchor.last.isConnected ? anchor : null;
}
