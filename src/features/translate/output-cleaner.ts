/**
 * Cleans a model's free-text translation while it streams: drops a chatty first line ("Here is the translation:"),
 * a "Translation:" label, code fences, quotes wrapped around the whole answer, a trailing "Note: …", and surrounding
 * whitespace. Only what could still turn out to be chatter is held back, so the rest appears as it is written.
 * Anything the source itself contains (a first line ending in ":", a fence, a note) is kept.
 */

const quotePairs: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ["“", "”"],
  ["„", "“"],
  ["«", "»"],
  ["「", "」"],
  ["'", "'"],
]);

// Openings of a first line that introduces the answer instead of being part of it.
const introWords = [
  "sure", "certainly", "of course", "okay", "ok", "here", "below", "the following", "this is", "translation",
  "translated", "übersetzung",
];
const introLine = /^(?:sure|certainly|of course|okay|ok|here|below|the following|this is|translation|translated|übersetzung)\b.*:\s*$/iu;
const label = /^(?:\*\*)?(?:[\p{L}]+\s)?(?:translation|übersetzung)(?:\*\*)?\s*:(?:\*\*)?\s+/iu;
// Ways a model starts a note about its translation, after the translation itself.
const noteForms = [
  "note:", "notes:", "(note:", "(notes:", "*note:", "note :", "anmerkung:", "hinweis:", "translator's note:",
  "(translator's note:", "translation note:",
];
const noteInSource = /(?:^|\n)\s*\(?\s*(?:notes?|anmerkung|hinweis|translator's note|translation note)\s*:/iu;

// "**Note:**" and "**Note**:" read as "Note:".
function stripBold(text: string): string {
  return text.replace(/^\*{1,2}/, "").replace(/\*\*\s*:|:\s*\*\*/, ":");
}

/** Streaming cleanup of one answer; make one per model call. */
export class TranslationOutputCleaner {
  readonly #keepIntro: boolean;
  readonly #keepFences: boolean;
  readonly #keepNotes: boolean;
  readonly #sourceStart: string;
  readonly #keepLabel: boolean;
  /** The start of the current line, not yet known to be content. */
  #pending = "";
  /** The current line's start was content, so the rest of the line flows straight out. */
  #lineIsContent = false;
  #emitted = false;
  /** Trailing whitespace (and closing quotes) held back until more content follows. */
  #held = "";
  #closeQuote: string | null = null;
  #ended = false;
  #out = "";

  constructor(source: string) {
    const trimmed = source.trim();
    const firstLine = trimmed.split("\n", 1)[0] ?? "";
    this.#keepIntro = firstLine.trimEnd().endsWith(":");
    this.#keepFences = trimmed.includes("```");
    this.#keepNotes = noteInSource.test(trimmed);
    this.#sourceStart = trimmed.charAt(0);
    this.#keepLabel = label.test(trimmed);
  }

  /** Feed a streamed piece; returns the text that can be shown now. */
  push(chunk: string): string {
    for (const char of chunk) this.#feed(char);
    return this.#take();
  }

  /** The answer ended; returns the rest that was held back, cleaned. */
  finish(): string {
    if (!this.#ended && !this.#lineIsContent && this.#pending !== "") this.#decide(true);
    this.#pending = "";
    let held = this.#held.trimEnd();
    if (this.#closeQuote !== null && held.endsWith(this.#closeQuote)) held = held.slice(0, -this.#closeQuote.length);
    held = held.trimEnd();
    if (held !== "") this.#out += held;
    this.#held = "";
    return this.#take();
  }

  #take(): string {
    const out = this.#out;
    this.#out = "";
    return out;
  }

  #feed(char: string): void {
    if (this.#ended) return;
    if (this.#lineIsContent) {
      this.#content(char);
      if (char === "\n") this.#lineIsContent = false;
      return;
    }
    this.#pending += char;
    this.#decide(char === "\n");
  }

  /** Look at the pending start of a line: drop it, end the answer, pass it on as content, or wait for more. */
  #decide(complete: boolean): void {
    const line = this.#pending.replace(/\n$/, "");
    const text = line.trimStart();
    const lower = stripBold(text).toLowerCase();
    if (text === "") {
      if (complete) this.#flushPending(true);
      return;
    }
    if (!this.#keepFences && "```".startsWith(text.slice(0, 3))) {
      if (text.length < 3 && !complete) return;
      if (text.startsWith("```")) {
        if (complete) this.#pending = "";
        return;
      }
    }
    if (!this.#emitted) {
      const labelled = this.#keepLabel ? null : label.exec(text);
      if (labelled && (complete || text.length > labelled[0].length)) {
        this.#pending = text.slice(labelled[0].length) + (complete ? "\n" : "");
        this.#decide(complete);
        return;
      }
      if (!this.#keepIntro && introWords.some((word) => word.startsWith(lower) || lower.startsWith(word))) {
        if (!complete && text.length < 200) return;
        if (complete && introLine.test(stripBold(text).replace(/\*\*$/, ""))) {
          this.#pending = "";
          return;
        }
      }
    } else if (!this.#keepNotes) {
      if (noteForms.some((form) => lower.startsWith(form))) {
        this.#ended = true;
        this.#pending = "";
        return;
      }
      if (!complete && noteForms.some((form) => form.startsWith(lower))) return;
    }
    this.#flushPending(complete);
  }

  #flushPending(complete: boolean): void {
    const pending = this.#pending;
    this.#pending = "";
    this.#lineIsContent = !complete;
    for (const char of pending) this.#content(char);
  }

  #content(char: string): void {
    if (!this.#emitted) {
      if (/\s/u.test(char)) return;
      const close = quotePairs.get(char);
      if (close !== undefined && this.#closeQuote === null && this.#sourceStart !== char) {
        this.#closeQuote = close;
        return;
      }
    }
    if (/\s/u.test(char) || char === this.#closeQuote) {
      this.#held += char;
      return;
    }
    this.#out += this.#held + char;
    this.#held = "";
    this.#emitted = true;
  }
}
