/**
 * Messages of the sidebar chat; messages.ts merges these tables into the background's. Only Hearth's own pages may
 * send them: a conversation, and the text of the page beside it, are not a web page's business.
 */
import * as v from "valibot";
import type { HostChunk } from "../../engine/host/engine-host";
import { request, stream, type RequestDef, type StreamDef } from "../../shared/protocol/contract";
import type { BudgetReport } from "./budget";
import type { PageContext } from "./chat-prompt";

const pagesOnly = ["extension-page"] as const;

/** Longest message or page passage the chat accepts; far beyond any context, so the budget can say why it won't fit. */
const MAX_MESSAGE_CHARS = 400_000;
const MAX_PASSAGE_CHARS = 20_000;
const MAX_PASSAGES = 500;

const chatTurn = v.strictObject({
  role: v.picklist(["user", "assistant"]),
  content: v.pipe(v.string(), v.maxLength(MAX_MESSAGE_CHARS)),
});

const pagePassage = v.strictObject({
  number: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000)),
  text: v.pipe(v.string(), v.maxLength(MAX_PASSAGE_CHARS)),
  score: v.pipe(v.number(), v.finite()),
  section: v.optional(v.pipe(v.string(), v.maxLength(500))),
});

/** A page as the model saw it in an earlier turn, sent back so follow-ups keep the prompt's prefix (and its cache). */
export const pageContextSchema = v.strictObject({
  title: v.pipe(v.string(), v.maxLength(1000)),
  url: v.optional(v.pipe(v.string(), v.maxLength(4000))),
  passages: v.pipe(v.array(pagePassage), v.maxLength(MAX_PASSAGES)),
});

/** Most characters of page text one turn may bring; a long PDF runs to a few million. */
const MAX_DOCUMENT_CHARS = 8_000_000;

const docBlock = v.strictObject({
  kind: v.picklist(["heading", "paragraph", "list-item"]),
  text: v.pipe(v.string(), v.maxLength(200_000)),
  level: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(6))),
  sourceRef: v.strictObject({
    page: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    anchor: v.optional(v.pipe(v.string(), v.maxLength(200))),
  }),
});

/** A page or PDF as the sidebar read it (summarize/sidebar/read-source.ts): its blocks in reading order. */
const pageDocument = v.strictObject({
  title: v.pipe(v.string(), v.maxLength(2000)),
  url: v.optional(v.pipe(v.string(), v.maxLength(8000))),
  blocks: v.pipe(
    v.array(docBlock),
    v.maxLength(100_000),
    v.check((blocks) => blocks.reduce((sum, block) => sum + block.text.length, 0) <= MAX_DOCUMENT_CHARS, "The page is too long to read."),
  ),
});

const pageOption = v.variant("kind", [
  v.strictObject({ kind: v.literal("document"), document: pageDocument }),
  v.strictObject({ kind: v.literal("reuse"), context: pageContextSchema }),
]);

/** A page read for a turn: its title, address and blocks. */
export type PageDocument = v.InferOutput<typeof pageDocument>;

/** Where the page text of a turn comes from: a page just read, or the passages an earlier turn used. */
export type PageOption = v.InferOutput<typeof pageOption>;

/** How long until the first words of the answer, said before the model starts reading. */
export interface FirstAnswerEstimate {
  seconds: number;
  /** Prompt tokens the engine still has to read (the rest is reused from the previous turn's cache). */
  tokensToRead: number;
  tokensPerSecond: number;
  /** True when the speed was measured on this model, false when it is the default for the device. */
  measured: boolean;
}

/** Sent first: what the prompt holds, what was cut, and the time estimate. */
export interface BudgetChunk {
  kind: "budget";
  report: BudgetReport;
  /** The page passages the model reads this turn (send them back as {kind: "reuse"} for follow-ups), or null. */
  page: PageContext | null;
  estimate: FirstAnswerEstimate;
}

/** What "chat/reply" streams: the budget, then the engine host's queue position, start, text and end. */
export type ChatReplyChunk = BudgetChunk | HostChunk;

/** A long text reduced to its most central sentences, so it fits in a prompt ("summarize it first"). */
export interface CondensedText {
  text: string;
  sentencesKept: number;
  sentencesTotal: number;
}

/** Requests the background answers for this feature. */
export const requests = {
  /** Keep the key sentences of a text too long for the model, in their order, within half the context. */
  "chat/condense": request<CondensedText>()(
    v.strictObject({ text: v.pipe(v.string(), v.minLength(1), v.maxLength(2_000_000)) }),
    pagesOnly,
  ),
} satisfies Record<string, RequestDef<v.GenericSchema, unknown>>;

/** Streams the background produces for this feature. */
export const streams = {
  /**
   * Answer the last message of a conversation: earlier turns, the new message and optionally a page are fitted into
   * the context by the engine's token count, a budget chunk says what fits, then the answer streams.
   */
  "chat/reply": stream<ChatReplyChunk>()(
    v.strictObject({
      history: v.pipe(v.array(chatTurn), v.maxLength(400)),
      message: v.pipe(v.string(), v.maxLength(MAX_MESSAGE_CHARS)),
      page: v.optional(pageOption),
    }),
    pagesOnly,
  ),
} satisfies Record<string, StreamDef<v.GenericSchema, unknown>>;

/** Requests a tab's content script answers for this feature: none (the page's text comes from "page/article"). */
export const contentRequests = {} satisfies Record<string, RequestDef<v.GenericSchema, unknown>>;
