/**
 * The LLM side of page translation: the prompt (numbered segments in, numbered segments out, tags kept) and a parser
 * that reads the numbered lines back out of whatever the model wrapped around them ("Here is the translation:",
 * code fences, quotes), line by line as the answer streams in.
 */
import type { ChatMessage } from "../../engine/engine";
import { englishName } from "./languages";
import type { TranslatedSegment } from "./segment-translator";

/** What to send the engine for one batch. */
export interface TranslationPrompt {
  readonly messages: ChatMessage[];
  /** Greedy decoding: the same page translates the same way every time, which also keeps the cache honest. */
  readonly temperature: 0;
  readonly maxTokens: number;
}

/** The user message's body: one `[n] segment` line per segment, numbered from 1. */
export function formatNumberedSegments(segments: readonly string[]): string {
  return segments.map((segment, index) => `[${index + 1}] ${segment.replace(/\s*\n\s*/g, " ")}`).join("\n");
}

/** Build the chat request that translates `segments` from `from` to `to` (BCP-47 tags; `from` null: not known). */
export function buildTranslationPrompt(segments: readonly string[], from: string | null, to: string): TranslationPrompt {
  const target = englishName(to);
  const system = [
    from === null
      ? `You translate text from a web page into ${target}; work out the page's language yourself.`
      : `You translate text from a web page from ${englishName(from)} to ${target}.`,
    `The user sends numbered segments, one per line, like "[1] text".`,
    `Reply with exactly one line per segment, in the same order, each starting with its number in brackets,`,
    `and nothing else: no introduction, no notes, no quotes, no code blocks.`,
    `Keep every tag such as <a1>, </a1> or <x2/> exactly as written, around the words it marks;`,
    `move a tag only where ${target} word order needs it, and never add or drop one.`,
    `Keep names, numbers, URLs and code unchanged. If a segment is already ${target}, repeat it.`,
  ].join(" ");
  const totalChars = segments.reduce((sum, segment) => sum + segment.length, 0);
  return {
    messages: [
      { role: "system", content: system },
      { role: "user", content: `Translate to ${target}:\n${formatNumberedSegments(segments)}` },
    ],
    temperature: 0,
    // Generous on purpose: targets in CJK scripts take about a token per character. The model stops on its own.
    maxTokens: 64 + segments.length * 16 + totalChars,
  };
}

const numberedLine = /^(?:[-*•]\s*)?(?:\*\*)?(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.):])(?:\*\*)?\s?(.*)$/;
const quotePairs: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ["“", "”"],
  ["„", "“"],
  ["«", "»"],
  ["「", "」"],
];

/**
 * Reads numbered translation lines from a streamed answer. Lines without a number are chatter, except a line directly
 * continuing a numbered one (a model wrapping a long line). A blank line or a code fence ends a segment.
 */
export class NumberedLineParser {
  readonly #count: number;
  readonly #sources: readonly string[] | undefined;
  readonly #done = new Set<number>();
  #buffer = "";
  #current: { index: number; text: string } | null = null;
  #bracketsOnly: boolean | null = null;

  /** `sources`, when given, keeps quotes and markers that were already in the source. */
  constructor(count: number, sources?: readonly string[]) {
    this.#count = count;
    this.#sources = sources;
  }

  /** Feed a chunk of the answer; returns the segments completed by it. */
  push(chunk: string): TranslatedSegment[] {
    this.#buffer += chunk;
    const out: TranslatedSegment[] = [];
    let newline = this.#buffer.indexOf("\n");
    while (newline >= 0) {
      this.#readLine(this.#buffer.slice(0, newline), out);
      this.#buffer = this.#buffer.slice(newline + 1);
      newline = this.#buffer.indexOf("\n");
    }
    // "[3]" at the start of the unfinished line already proves segment 2 is complete: hand it out now.
    if (this.#current && this.#bracketsOnly === true && /^\s*\[\d{1,4}\]/.test(this.#buffer)) this.#close(out);
    return out;
  }

  /** The answer ended: returns the last segments. */
  finish(): TranslatedSegment[] {
    const out: TranslatedSegment[] = [];
    this.#readLine(this.#buffer, out);
    this.#buffer = "";
    this.#close(out);
    return out;
  }

  /** Indexes (from 0) of segments the answer had no line for. */
  missing(): number[] {
    return Array.from({ length: this.#count }, (_, index) => index).filter((index) => !this.#done.has(index));
  }

  #readLine(raw: string, out: TranslatedSegment[]): void {
    let line = raw.trim();
    if (line === "" || line.startsWith("```")) {
      this.#close(out);
      return;
    }
    // Chatter on the first line itself: "Sure! Here it is: [1] Hallo".
    if (this.#done.size === 0 && this.#current === null && !numberedLine.test(line)) {
      const start = line.indexOf("[1]");
      if (start > 0) line = line.slice(start);
    }
    const match = numberedLine.exec(line);
    const bracketed = match?.[1] !== undefined;
    if (match && (this.#bracketsOnly === null || bracketed || !this.#bracketsOnly)) {
      // The first numbered line fixes the style; after "[1]" a line like "2. Absatz" is text, not a number.
      this.#bracketsOnly ??= bracketed;
      this.#close(out);
      const number = Number(match[1] ?? match[2] ?? match[3]);
      const index = number - 1;
      if (index >= 0 && index < this.#count && !this.#done.has(index)) {
        this.#current = { index, text: "" };
        this.#append(match[4] ?? "", out);
      }
      return;
    }
    if (this.#current) this.#append(line, out);
  }

  // Add text to the open segment, splitting off "[n] …" when a model ran the next segment onto the same line.
  #append(text: string, out: TranslatedSegment[]): void {
    if (!this.#current) return;
    const next = this.#current.index + 2;
    const marker = ` [${next}] `;
    const at = `${text} `.indexOf(marker);
    const sourceHasMarker = this.#sources?.[this.#current.index]?.includes(`[${next}]`) ?? false;
    if (next <= this.#count && at >= 0 && !sourceHasMarker && this.#bracketsOnly !== false) {
      this.#current.text = joinText(this.#current.text, text.slice(0, at));
      this.#close(out);
      this.#readLine(text.slice(at + 1), out);
      return;
    }
    this.#current.text = joinText(this.#current.text, text);
  }

  #close(out: TranslatedSegment[]): void {
    const current = this.#current;
    this.#current = null;
    if (!current) return;
    const text = this.#unquote(current.text.trim(), current.index);
    if (text === "") return;
    this.#done.add(current.index);
    out.push({ index: current.index, text });
  }

  #unquote(text: string, index: number): string {
    const source = this.#sources?.[index]?.trim() ?? "";
    for (const [open, close] of quotePairs) {
      if (text.length >= 2 && text.startsWith(open) && text.endsWith(close) && !source.startsWith(open)) {
        return text.slice(open.length, text.length - close.length).trim();
      }
    }
    return text;
  }
}

function joinText(left: string, right: string): string {
  return left === "" ? right : `${left} ${right}`;
}

/** The outcome of reading a whole answer: translations by segment index, and the indexes the answer lacked. */
export interface ParsedTranslation {
  readonly translations: ReadonlyMap<number, string>;
  readonly missing: readonly number[];
}

/** Parse a complete answer for a batch of `count` segments. */
export function parseNumberedTranslation(output: string, count: number, sources?: readonly string[]): ParsedTranslation {
  const parser = new NumberedLineParser(count, sources);
  const segments = [...parser.push(output), ...parser.finish()];
  return { translations: new Map(segments.map((segment) => [segment.index, segment.text])), missing: parser.missing() };
}
