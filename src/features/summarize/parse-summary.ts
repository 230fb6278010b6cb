/**
 * Turns model output, complete or still streaming, into summary points linked to the passages they came from: by the
 * "[n]" numbers the prompt asked for, or, when a small model leaves them out, by the passage sharing most words.
 */

import { buildTfIdf, cosine, vectorize } from "./centrality";
import type { SourceRef } from "./document";
import type { SummaryStyle } from "./prompt";
import { splitSentences } from "./sentences";
import { extractTerms } from "./terms";

export interface ParsedPoint {
  text: string;
  /** Passage numbers the model cited, in order, without repeats. */
  citations: number[];
  /** False for the last point while output is still streaming. */
  complete: boolean;
}

export interface ParsedSummary {
  headline?: string;
  points: ParsedPoint[];
}

/** A passage a point can link to. */
export interface LinkTarget {
  number: number;
  text: string;
  sourceRef: SourceRef;
}

export interface LinkedPoint {
  text: string;
  /** Passage numbers this point is drawn from. */
  passages: number[];
  sources: SourceRef[];
  linkedBy: "citation" | "overlap" | "none";
}

const CITATION = /\s*\[(\d+(?:\s*(?:[,;]|[-–]|and)\s*\d+)*)\]/g;
const BULLET = /^\s*(?:[-*•·–—]|\d{1,2}[.)])\s+/;
// Overlap links below this similarity are guesses a reader would find wrong.
const MIN_OVERLAP = 0.12;
// A range like [2-400] is a model glitch, not a citation of 399 passages.
const MAX_RANGE = 20;

/** Parse summary output of `style`; with `streaming`, the unfinished last point is marked incomplete. */
export function parseSummary(fullOutput: string, style: SummaryStyle, streaming = false): ParsedSummary {
  // A citation cut mid-stream ("... rose [1") would otherwise show up as text.
  const output = streaming ? fullOutput.replace(/\s*\[[\d,;\s–-]*$/, "") : fullOutput;
  const lines = output.replace(/\r\n?/g, "\n").split("\n");
  const openLine = streaming && !output.endsWith("\n") ? lines.length - 1 : -1;
  let headline: string | undefined;
  let body = lines;
  if (style === "headline") {
    const first = lines.findIndex((line) => line.trim() !== "");
    if (first >= 0 && first !== openLine) {
      headline = stripMarkup(lines[first] ?? "").replace(/^(headline|title)\s*:\s*/i, "");
      headline = removeCitations(headline).text;
      body = lines.slice(first + 1);
    } else {
      body = [];
    }
  }
  const bodyText = body.join("\n");
  const hasBullets = body.some((line) => BULLET.test(line));
  const raw = style === "key-points" && hasBullets ? bulletPoints(body) : sentencePoints(bodyText);
  const points = raw
    .map((text) => removeCitations(stripMarkup(text)))
    .filter((point) => point.text !== "")
    .map((point) => ({ ...point, complete: true }));
  const last = points.at(-1);
  if (last && streaming && !/[.!?。！？]\s*$|\]\s*$/.test(output) && !output.endsWith("\n")) last.complete = false;
  return headline === undefined ? { points } : { headline, points };
}

/** Link each point to passages: its valid citations, else the most similar passage, else nothing. */
export function linkPoints(points: readonly ParsedPoint[], targets: readonly LinkTarget[]): LinkedPoint[] {
  const byNumber = new Map(targets.map((target) => [target.number, target]));
  const model = buildTfIdf(targets.map((target) => extractTerms(target.text)));
  return points.map((point) => {
    const cited = point.citations.filter((n) => byNumber.has(n));
    if (cited.length > 0) return linked(point.text, cited, byNumber, "citation");
    const vector = vectorize(extractTerms(point.text), model.vocabulary, model.idf);
    let best = -1;
    let bestScore = MIN_OVERLAP;
    model.vectors.forEach((candidate, i) => {
      const score = cosine(vector, candidate);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    });
    const target = targets[best];
    return target ? linked(point.text, [target.number], byNumber, "overlap") : linked(point.text, [], byNumber, "none");
  });
}

function linked(
  text: string,
  numbers: number[],
  byNumber: Map<number, LinkTarget>,
  linkedBy: LinkedPoint["linkedBy"],
): LinkedPoint {
  const sources = numbers.flatMap((n) => {
    const ref = byNumber.get(n)?.sourceRef;
    return ref ? [ref] : [];
  });
  return { text, passages: numbers, sources, linkedBy };
}

function bulletPoints(lines: readonly string[]): string[] {
  const points: string[] = [];
  let current: string | null = null;
  for (const line of lines) {
    if (BULLET.test(line)) {
      if (current !== null) points.push(current);
      current = line.replace(BULLET, "");
    } else if (current !== null && line.trim() !== "") {
      current += ` ${line.trim()}`; // a wrapped bullet
    } else if (current !== null) {
      points.push(current);
      current = null;
    }
    // Lines before the first bullet ("Here are the key points:") are preamble.
  }
  if (current !== null) points.push(current);
  return points;
}

function sentencePoints(text: string): string[] {
  // Citations sit after the full stop ("... rose. [2] Next ..."), so they are moved before splitting.
  const normalized = text.replace(/([.!?。！？])((?:\s*\[[^\]\n]*\])+)/g, "$2$1");
  return splitSentences(normalized.replace(/^\s*(tl;?dr|summary)\s*:\s*/i, "")).map((s) => s.text);
}

function stripMarkup(text: string): string {
  return text.replace(/\*\*|__|^#+\s*/g, "").replace(BULLET, "").trim();
}

function removeCitations(text: string): { text: string; citations: number[] } {
  const citations: number[] = [];
  const stripped = text.replace(CITATION, (_match, list: string) => {
    for (const part of list.split(/\s*(?:[,;]|and)\s*/)) {
      const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(part);
      const from = Number(range ? range[1] : part);
      const to = range ? Number(range[2]) : from;
      if (Number.isFinite(from) && to >= from && to - from <= MAX_RANGE) {
        for (let n = from; n <= to; n++) if (!citations.includes(n)) citations.push(n);
      }
    }
    return "";
  });
  return { text: stripped.replace(/\s+([.,;:!?])/g, "$1").replace(/\s{2,}/g, " ").trim(), citations };
}
