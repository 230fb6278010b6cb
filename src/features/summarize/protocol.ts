/**
 * Messages of the summarize feature. The sidebar reads the source (a page through its content script, a PDF with
 * pdf.js) and streams "summarize/document" from the background, which owns the engine. Menu clicks and the keyboard
 * command reach the sidebar as jobs: the background posts one per window, and the sidebar watches "summarize/jobs".
 * Only Hearth's own pages may send any of them.
 */
import * as v from "valibot";
import { request, stream, type RequestDef, type StreamDef } from "../../shared/protocol/contract";
import type { SummaryMode } from "./budget";
import type { SourceRef } from "./document";
import type { SummaryProgress } from "./map-reduce";
import type { SummaryLength, SummaryStyle } from "./prompt";

const pagesOnly = ["extension-page"] as const;

/** What a job asks the sidebar to summarize. */
export type SummaryTarget =
  | { kind: "page"; tabId: number }
  | { kind: "selection"; tabId: number; text: string }
  | { kind: "pdf"; url: string; tabId: number | null };

/** A summary the user asked for from a menu, a command or the popup, waiting for the window's sidebar. */
export interface SummaryJob {
  id: number;
  target: SummaryTarget;
}

/** How the user wants the summary; `mode` "auto" is extractive on a CPU and a full read on a GPU. */
export interface SummaryOptions {
  style: SummaryStyle;
  length: SummaryLength;
  /** Output language (BCP 47); absent means the source's own language. */
  language?: string;
  mode: SummaryMode | "auto";
}

/** One summary point as the sidebar shows it, with the places in the source it came from. */
export interface SummaryPoint {
  text: string;
  sources: SourceRef[];
  /** False for the last point while it is still being written. */
  complete: boolean;
}

/** What "summarize/document" streams: first the plan, then progress and the growing summary, then the result. */
export type SummaryChunk =
  /** Before the first model call: the mode chosen and the expected duration ("about 2 minutes"). */
  | { kind: "plan"; mode: SummaryMode; seconds: number; calls: number; measuredSpeed: boolean }
  | { kind: "queued"; position: number }
  | ({ kind: "progress" } & SummaryProgress)
  | { kind: "output"; headline?: string; points: SummaryPoint[] }
  | {
      kind: "done";
      status: "done" | "stopped";
      mode: SummaryMode;
      headline?: string;
      points: SummaryPoint[];
      calls: number;
      tokensSent: number;
      documentTokens: number;
    };

/** Most blocks and characters a document may have: a 2,000-page PDF still fits. */
export const MAX_BLOCKS = 100_000;
export const MAX_DOCUMENT_CHARS = 20_000_000;

const tabId = v.pipe(v.number(), v.integer(), v.minValue(0));
const windowId = v.pipe(v.number(), v.integer(), v.minValue(0));
const httpUrl = v.pipe(v.string(), v.url(), v.maxLength(8000), v.regex(/^(https?|file):/i, "Only http(s) and file URLs can be read."));

const targetSchema = v.variant("kind", [
  v.strictObject({ kind: v.literal("page"), tabId }),
  v.strictObject({ kind: v.literal("selection"), tabId, text: v.pipe(v.string(), v.maxLength(400_000)) }),
  v.strictObject({ kind: v.literal("pdf"), url: httpUrl, tabId: v.nullable(tabId) }),
]);

const sourceRefSchema = v.strictObject({
  page: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  anchor: v.optional(v.pipe(v.string(), v.maxLength(100))),
});

const blockSchema = v.strictObject({
  kind: v.picklist(["heading", "paragraph", "list-item"]),
  text: v.pipe(v.string(), v.maxLength(1_000_000)),
  level: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(6))),
  sourceRef: sourceRefSchema,
});

/** The options part of a summarize request, shared by the sidebar's stored preferences. */
export const optionsSchema = v.strictObject({
  style: v.picklist(["key-points", "tldr", "headline"]),
  length: v.picklist(["short", "medium", "long"]),
  language: v.optional(v.pipe(v.string(), v.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/))),
  mode: v.picklist(["auto", "extractive", "full"]),
});

/** Requests the background answers for this feature. */
export const requests = {
  /** Ask this window's sidebar to summarize `target` (the popup's button; menus and commands post jobs directly). */
  "summarize/queue": request<null>()(v.strictObject({ windowId, target: targetSchema }), pagesOnly),
} satisfies Record<string, RequestDef<v.GenericSchema, unknown>>;

/** Streams the background produces for this feature. */
export const streams = {
  /** Jobs for the sidebar of window `windowId`: one waiting from before it opened, then each new one. */
  "summarize/jobs": stream<SummaryJob>()(v.strictObject({ windowId }), pagesOnly),
  /** Summarize a document the sidebar has read; ends with a "done" chunk. Stopping the stream stops the model. */
  "summarize/document": stream<SummaryChunk>()(
    v.strictObject({
      blocks: v.pipe(
        v.array(blockSchema),
        v.maxLength(MAX_BLOCKS),
        v.check((blocks) => blocks.reduce((sum, block) => sum + block.text.length, 0) <= MAX_DOCUMENT_CHARS, "The document is too long."),
      ),
      options: optionsSchema,
      /** The tab the source is shown in, so closing it drops the job; null for a local file. */
      ownerTabId: v.nullable(tabId),
    }),
    pagesOnly,
  ),
} satisfies Record<string, StreamDef<v.GenericSchema, unknown>>;

/** Requests a tab's content script answers for this feature: none (page reading is the page feature's). */
export const contentRequests = {} satisfies Record<string, RequestDef<v.GenericSchema, unknown>>;
