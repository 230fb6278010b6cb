/**
 * Messages of the reader (Simplify): opening the reader view next to a tab, rewriting one block at a reading level,
 * explaining a selected word or sentence, and copying an image the page already shows. messages.ts merges these
 * tables into the background's and the content script's.
 */
import * as v from "valibot";
import { request, stream, type RequestDef, type StreamDef } from "../../shared/protocol/contract";
import { SIMPLIFY_LEVELS, type SimplifyOutcome } from "./simplify-prompt";

const pagesOnly = ["extension-page"] as const;

/** Longest text of one unit the reader sends; a longer paragraph would not fit a small model's context anyway. */
export const MAX_UNIT_CHARS = 20_000;
/** Most characters of a selection "Explain this" sends, and of the passage around it. */
export const MAX_EXPLAIN_CHARS = 600;
export const MAX_EXPLAIN_CONTEXT_CHARS = 2_000;

const language = v.optional(v.pipe(v.string(), v.maxLength(60)));

/** One chunk of a block's rewrite: its place in the engine's queue, the rewrite so far, then the parsed result. */
export type SimplifyChunk =
  | { kind: "queued"; position: number }
  | { kind: "preview"; units: string[] }
  | { kind: "result"; outcome: SimplifyOutcome };

/**
 * One chunk of an explanation: its place in the queue, then the explanation so far (whole text each time), and
 * "rejected" at the end when the whole answer turned out not to be readable text.
 */
export type ExplainChunk = { kind: "queued"; position: number } | { kind: "text"; text: string } | { kind: "rejected" };

/** The reader tab that was opened. */
export interface OpenReaderReply {
  readerTabId: number;
}

/** Why the page's image could not be copied: gone from the page, not loaded there, or served by another site. */
export type ImageRefusal = "not-found" | "not-loaded" | "other-site";

/** An image of the page as a data: URL the reader may show (its CSP allows no remote images), or why not. */
export type PageImageReply = { dataUrl: string } | { refused: ImageRefusal };

/** Requests the background answers for this feature. */
export const requests = {
  /** Open the reader view for tab `tabId`, in a new tab right after it (the sidebar's Simplify button). */
  "reader/open": request<OpenReaderReply>()(
    v.strictObject({ tabId: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
    pagesOnly,
  ),
} satisfies Record<string, RequestDef<v.GenericSchema, unknown>>;

/** Streams the background produces for this feature. */
export const streams = {
  /** Rewrite the units of one block (a paragraph, or a list's items) at `level`. */
  "reader/simplify": stream<SimplifyChunk>()(
    v.strictObject({
      units: v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_UNIT_CHARS))), v.minLength(1), v.maxLength(200)),
      level: v.picklist(SIMPLIFY_LEVELS),
      /** The article's language as a BCP 47 tag, when the page says. */
      language,
    }),
    pagesOnly,
  ),
  /** Explain a selected word or sentence of the article in plain language. */
  "reader/explain": stream<ExplainChunk>()(
    v.strictObject({
      text: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_EXPLAIN_CHARS)),
      context: v.pipe(v.string(), v.maxLength(MAX_EXPLAIN_CONTEXT_CHARS)),
      language,
    }),
    pagesOnly,
  ),
} satisfies Record<string, StreamDef<v.GenericSchema, unknown>>;

/** Requests a tab's content script answers for this feature. */
export const contentRequests = {
  /** A copy of an image the page has already loaded (only Hearth's pages may ask). */
  "reader/image": request<PageImageReply>()(
    v.strictObject({ src: v.pipe(v.string(), v.url(), v.maxLength(4000)) }),
    pagesOnly,
  ),
} satisfies Record<string, RequestDef<v.GenericSchema, unknown>>;
