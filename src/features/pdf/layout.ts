/**
 * Rebuilds reading order, lines and paragraphs from a page's positioned text runs (what pdf.js getTextContent gives):
 * runs on one baseline become lines, a vertical gutter splits two columns (read left column, then right, between
 * full-width lines), and line spacing, indents, font size and bullets decide where paragraphs, headings and list items
 * start. Pure geometry, no pdf.js, so it unit-tests on synthetic pages.
 */

import type { BlockKind } from "../summarize/document";
import { detectGutter, orderInColumns, type Fragment } from "./columns";

/** A run of text at a position, in PDF user space (y grows upward). */
export interface PositionedText {
  text: string;
  x: number;
  y: number;
  width: number;
  fontSize: number;
  /** "rtl" for Arabic/Hebrew runs; default "ltr". */
  dir?: string;
}

export interface LayoutBlock {
  kind: BlockKind;
  text: string;
  level?: number;
}

// Horizontal gap (in ems) beyond which two runs on one baseline are separate fragments (columns, table cells).
const FRAGMENT_GAP_EM = 1.2;
// Gap (in ems) beyond which two runs of one fragment are separate words.
const SPACE_GAP_EM = 0.15;
const HEADING_SIZE_RATIO = 1.15;
const MAX_HEADING_WORDS = 20;
const LIST_MARKER = /^(?:[•·▪◦‣⁃●○■□➢►–*-]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s/u;
const SPACELESS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
const PAGE_NUMBER = /^(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/i;

/** Blocks of one page, in reading order. */
export function layoutPage(runs: readonly PositionedText[]): LayoutBlock[] {
  const fragments = toFragments(runs);
  if (fragments.length === 0) return [];
  const gutter = detectGutter(fragments);
  const ordered = gutter === null ? [...fragments].sort(topToBottom) : orderInColumns(fragments, gutter);
  const lines = dropPageNumbers(ordered);
  return toBlocks(lines, bodyFontSize(lines));
}

function topToBottom(a: Fragment, b: Fragment): number {
  return b.y - a.y || a.x0 - b.x0;
}

function toFragments(runs: readonly PositionedText[]): Fragment[] {
  const visible = runs.filter((run) => run.text.trim() !== "" && run.fontSize > 0);
  const sorted = [...visible].sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: PositionedText[][] = [];
  for (const run of sorted) {
    const row = rows.at(-1);
    const anchor = row?.[0];
    if (row && anchor && Math.abs(anchor.y - run.y) <= 0.4 * Math.min(anchor.fontSize, run.fontSize)) row.push(run);
    else rows.push([run]);
  }
  return rows.flatMap(splitRow);
}

function splitRow(row: readonly PositionedText[]): Fragment[] {
  const rtl = row.filter((run) => run.dir === "rtl").length > row.length / 2;
  const items = [...row].sort((a, b) => (rtl ? b.x - a.x : a.x - b.x));
  const fragments: Fragment[] = [];
  let current: Fragment | null = null;
  let previous: PositionedText | null = null;
  for (const run of items) {
    const em = Math.max(run.fontSize, previous?.fontSize ?? 0);
    const gap = previous ? (rtl ? previous.x - (run.x + run.width) : run.x - (previous.x + previous.width)) : 0;
    if (!current || gap > FRAGMENT_GAP_EM * em) {
      current = { text: run.text, x0: run.x, x1: run.x + run.width, y: run.y, fontSize: run.fontSize };
      fragments.push(current);
    } else {
      const needsSpace = gap > SPACE_GAP_EM * em && !/\s$/.test(current.text) && !/^\s/.test(run.text);
      current.text += (needsSpace ? " " : "") + run.text;
      current.x0 = Math.min(current.x0, run.x);
      current.x1 = Math.max(current.x1, run.x + run.width);
      current.fontSize = Math.max(current.fontSize, run.fontSize);
    }
    previous = run;
  }
  for (const fragment of fragments) fragment.text = fragment.text.replace(/\s+/g, " ").trim();
  return fragments;
}

// Running page numbers are noise in a summary; only a lone number at the very top or bottom is dropped.
function dropPageNumbers(lines: readonly Fragment[]): Fragment[] {
  if (lines.length < 2) return [...lines];
  const top = Math.max(...lines.map((l) => l.y));
  const bottom = Math.min(...lines.map((l) => l.y));
  return lines.filter((line) => !(PAGE_NUMBER.test(line.text) && (line.y === top || line.y === bottom)));
}

function bodyFontSize(lines: readonly Fragment[]): number {
  const weight = new Map<number, number>();
  for (const line of lines) {
    const size = Math.round(line.fontSize * 2) / 2;
    weight.set(size, (weight.get(size) ?? 0) + line.text.length);
  }
  let best = 0;
  let bestWeight = -1;
  for (const [size, w] of weight) {
    if (w > bestWeight || (w === bestWeight && size < best)) {
      best = size;
      bestWeight = w;
    }
  }
  return best;
}

function toBlocks(lines: readonly Fragment[], bodySize: number): LayoutBlock[] {
  const leading = typicalLeading(lines);
  const blocks: LayoutBlock[] = [];
  let previous: Fragment | null = null;
  let current: LayoutBlock | null = null;
  for (const line of lines) {
    const kind = kindOf(line, bodySize);
    if (!current || !previous || startsNewBlock(previous, line, current, kind, leading)) {
      current = { kind, text: line.text };
      if (kind === "heading") current.level = headingLevel(line.fontSize / bodySize);
      blocks.push(current);
    } else {
      current.text = joinLines(current.text, line.text);
    }
    previous = line;
  }
  return blocks.filter((block) => block.text !== "");
}

function kindOf(line: Fragment, bodySize: number): BlockKind {
  if (line.fontSize >= bodySize * HEADING_SIZE_RATIO && line.text.split(/\s+/).length <= MAX_HEADING_WORDS) return "heading";
  if (LIST_MARKER.test(line.text)) return "list-item";
  return "paragraph";
}

// Line pitch in ems that most consecutive lines share; a larger drop than usual marks a paragraph break. Measured
// rather than assumed because double-spaced documents would otherwise split after every line.
function typicalLeading(lines: readonly Fragment[]): number {
  const pitches: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const [a, b] = [lines[i - 1], lines[i]];
    if (!a || !b) continue;
    const em = Math.max(a.fontSize, b.fontSize);
    const drop = (a.y - b.y) / em;
    if (drop > 0.5 && drop < 3 && Math.abs(a.fontSize - b.fontSize) <= 0.1 * em) pitches.push(drop);
  }
  // The commonest pitch (to 0.05 em), the smaller on a tie: line breaks outnumber paragraph breaks in prose.
  const counts = new Map<number, number>();
  for (const pitch of pitches) {
    const key = Math.round(pitch * 20) / 20;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let best = 1.2;
  let bestCount = 0;
  for (const [pitch, count] of counts) {
    if (count > bestCount || (count === bestCount && pitch < best)) {
      best = pitch;
      bestCount = count;
    }
  }
  return best;
}

function startsNewBlock(
  previous: Fragment,
  line: Fragment,
  current: LayoutBlock,
  kind: BlockKind,
  leading: number,
): boolean {
  if (kind === "list-item" || (kind === "heading") !== (current.kind === "heading")) return true;
  const em = Math.max(previous.fontSize, line.fontSize);
  if (Math.abs(previous.fontSize - line.fontSize) > 0.1 * em) return true;
  const drop = previous.y - line.y;
  // Moving up (next column or a page band) continues only a sentence that is visibly unfinished.
  if (drop <= 0) return /[.!?:。！？"”]$/u.test(previous.text) || !/^\p{Ll}/u.test(line.text);
  if (drop > Math.max(leading * 1.3, leading + 0.3) * em) return true;
  if (line.x0 > previous.x0 + em && current.kind === "paragraph") return true; // first-line indent
  return false;
}

function headingLevel(ratio: number): number {
  if (ratio >= 1.6) return 1;
  if (ratio >= 1.3) return 2;
  return 3;
}

function joinLines(text: string, next: string): string {
  // "infor-" + "mation" -> "information"; keep real hyphens before capitals ("Franco-" + "Prussian").
  if (/\p{L}-$/u.test(text) && /^\p{Ll}/u.test(next)) return text.slice(0, -1) + next;
  if (SPACELESS.test(text.slice(-1)) && SPACELESS.test(next.slice(0, 1))) return text + next;
  return `${text} ${next}`;
}
