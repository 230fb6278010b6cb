/**
 * Where the original article's links go in a block's text. In the original text their offsets are known; in a
 * simplified text (plain text from the model) a link is placed only where its text still occurs verbatim, and the
 * ones that cannot be placed are returned, so the reader can list them after the paragraph. Hrefs always come from
 * the original article, never from model output.
 */
import type { BlockLink } from "./inline-text";

/** A run of text, linked or not. */
export interface TextSegment {
  text: string;
  href?: string;
}

export interface Relinked {
  segments: TextSegment[];
  /** Links of the original whose text no longer occurs in the simplified text. */
  unplaced: BlockLink[];
}

interface Placement {
  start: number;
  end: number;
  href: string;
}

/** Segments of an original text, its links at their recorded offsets. */
export function linkOriginal(text: string, links: readonly BlockLink[]): TextSegment[] {
  const placements = links
    .filter((link) => text.slice(link.start, link.start + link.text.length) === link.text)
    .map((link) => ({ start: link.start, end: link.start + link.text.length, href: link.href }));
  return toSegments(text, placements);
}

/**
 * Segments of a simplified text, each original link placed at a verbatim, whole-word occurrence of its text: first
 * after the previous link (links keep their order), else anywhere still free.
 * Example: relink("Read the report today.", [{text: "report", href, start: 40}]) links "report".
 */
export function relink(text: string, links: readonly BlockLink[]): Relinked {
  const placements: Placement[] = [];
  const unplaced: BlockLink[] = [];
  let cursor = 0;
  for (const link of links) {
    const start = findFree(text, link.text, cursor, placements) ?? findFree(text, link.text, 0, placements);
    if (start === null) {
      unplaced.push(link);
      continue;
    }
    placements.push({ start, end: start + link.text.length, href: link.href });
    cursor = start + link.text.length;
  }
  return { segments: toSegments(text, placements), unplaced };
}

function findFree(text: string, needle: string, from: number, taken: readonly Placement[]): number | null {
  if (needle === "") return null;
  for (let at = text.indexOf(needle, from); at !== -1; at = text.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    const free = taken.every((placed) => end <= placed.start || at >= placed.end);
    if (free && isWordEdge(text, at - 1) && isWordEdge(text, end)) return at;
  }
  return null;
}

// A link text found inside a longer word ("art" in "start") is not that link.
function isWordEdge(text: string, index: number): boolean {
  const char = text[index];
  return char === undefined || !/[\p{L}\p{N}]/u.test(char);
}

function toSegments(text: string, placements: readonly Placement[]): TextSegment[] {
  const segments: TextSegment[] = [];
  let at = 0;
  for (const placed of [...placements].sort((a, b) => a.start - b.start)) {
    if (placed.start < at) continue;
    if (placed.start > at) segments.push({ text: text.slice(at, placed.start) });
    segments.push({ text: text.slice(placed.start, placed.end), href: placed.href });
    at = placed.end;
  }
  if (at < text.length) segments.push({ text: text.slice(at) });
  return segments;
}
