/**
 * Messages of the shared page extraction: a tab's content script answers them for any feature that needs the page's
 * text (summarize, reader, chat). Only Hearth's own pages and background may ask; a web page has no path to them.
 */
import * as v from "valibot";
import { request, type RequestDef, type StreamDef } from "../../shared/protocol/contract";

const pagesOnly = ["extension-page"] as const;

export type PageBlockKind = "heading" | "paragraph" | "list-item";

/** Where a page block came from: its index in the extraction, which "page/scroll-to" takes back. */
export interface PageSourceRef {
  kind: "page";
  index: number;
}

/** One structural unit of the page's main text, in reading order. */
export interface PageBlock {
  kind: PageBlockKind;
  /** Plain text, whitespace collapsed. Untrusted page text: show it with textContent only. */
  text: string;
  /** Heading level 1-6, for headings only. */
  level?: number;
  sourceRef: PageSourceRef;
}

/** The page's article as Readability sees it, or its visible text when Readability finds no article. */
export interface PageArticle {
  url: string;
  title: string;
  byline: string | null;
  siteName: string | null;
  /** BCP 47 language of the article or page, when the page says. */
  lang: string | null;
  /** "rtl" or "ltr" when known. */
  dir: string | null;
  /**
   * Readability's article HTML, to be parsed with DOMParser into a detached document (reader view); never inserted as
   * HTML anywhere. In fallback mode, plain headings, paragraphs and list items built from `blocks`.
   */
  html: string;
  blocks: PageBlock[];
  /** True when Readability found no article and `blocks` are the page's visible text instead. */
  fallback: boolean;
}

/** The user's selection in the page (or in a focused text field). */
export interface PageSelection {
  text: string;
  url: string;
  title: string;
  lang: string | null;
}

/** Whether the passage was found (still on the page) and scrolled to. */
export interface ScrollResult {
  found: boolean;
}

/** Most characters of a block's text sent back for checking that an index still means the same passage. */
export const MAX_PROBE_CHARS = 2000;

/** Requests the background answers for this feature: none. */
export const requests = {} satisfies Record<string, RequestDef<v.GenericSchema, unknown>>;
/** Streams the background produces for this feature: none. */
export const streams = {} satisfies Record<string, StreamDef<v.GenericSchema, unknown>>;

/** Requests a tab's content script answers. */
export const contentRequests = {
  /** The main article of the page (Readability on a clone of the document), or its visible text as a fallback. */
  "page/article": request<PageArticle>()(v.strictObject({}), pagesOnly),
  /** The text the user has selected. */
  "page/selection": request<PageSelection>()(v.strictObject({}), pagesOnly),
  /**
   * Scroll the live page to the passage a block of the last "page/article" came from, and highlight it briefly.
   * `text` (the block's text, or its start) lets the page find the passage again if the index no longer matches.
   */
  "page/scroll-to": request<ScrollResult>()(
    v.strictObject({
      index: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)),
      text: v.optional(v.pipe(v.string(), v.maxLength(MAX_PROBE_CHARS))),
    }),
    pagesOnly,
  ),
} satisfies Record<string, RequestDef<v.GenericSchema, unknown>>;
