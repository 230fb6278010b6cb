/** Messages of this feature; messages.ts merges these tables into the background's and the content script's. */
import * as v from "valibot";
import { request, stream, type RequestDef, type StreamDef } from "../../shared/protocol/contract";
import { findLanguage } from "./languages";
import type { SegmentsChunk } from "./segments-job";
import type { TextJobChunk } from "./text-job";
import type { ModelFacts } from "./token-estimate";

export type { ModelFacts } from "./token-estimate";
export type { SegmentsChunk } from "./segments-job";
export type { TextJobChunk } from "./text-job";

const anyone = ["extension-page", "content-script"] as const;
const pagesOnly = ["extension-page"] as const;
const contentOnly = ["content-script"] as const;

/** A language Hearth lists (languages.ts), as a BCP-47 tag. */
const language = v.pipe(
  v.string(),
  v.maxLength(20),
  v.check((tag) => findLanguage(tag) !== null, "Not a language Hearth translates."),
);
/** The source language, or null when it is not known and the model should work it out. */
const sourceLanguage = v.nullable(language);

/** What the content script answers when asked to show translation UI. */
export interface ShowReply {
  /** False when there was nothing to translate (an empty selection): the panel says so. */
  readonly started: boolean;
}

/** Requests the background answers for this feature. */
export const requests = {
  /** Facts about the model that size page batches and key the cache; loads the active model when needed. */
  "translate/model-facts": request<ModelFacts>()(v.strictObject({}), anyone),
  /** Remember the target language the user picked (content scripts may not write settings themselves). */
  "translate/set-target": request<null>()(v.strictObject({ language }), anyone),
  /** Translations already made, by cache key (segmentCacheKey); null where none is cached. */
  "translate/cache-get": request<Array<string | null>>()(
    v.strictObject({
      keys: v.pipe(v.array(v.pipe(v.string(), v.maxLength(20_000))), v.maxLength(200)),
    }),
    contentOnly,
  ),
  /** Remember translations by cache key. */
  "translate/cache-put": request<null>()(
    v.strictObject({
      entries: v.pipe(
        v.array(v.strictObject({ key: v.pipe(v.string(), v.maxLength(20_000)), text: v.pipe(v.string(), v.maxLength(40_000)) })),
        v.maxLength(200),
      ),
    }),
    contentOnly,
  ),
  /**
   * Run the same action as the context menu in a tab: the sidebar, the popup and the tests use it. Only Hearth's own
   * pages may ask.
   */
  "translate/start": request<ShowReply>()(
    v.strictObject({
      tabId: v.pipe(v.number(), v.integer(), v.minValue(0)),
      action: v.picklist(["selection", "page"]),
    }),
    pagesOnly,
  ),
} satisfies Record<string, RequestDef<v.GenericSchema, unknown>>;

/** Streams the background produces for this feature. */
export const streams = {
  /** Page translation: one batch of placeholder strings in, `{index, text}` out as each is ready. */
  "translate/segments": stream<SegmentsChunk>()(
    v.strictObject({
      segments: v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(20_000))), v.minLength(1), v.maxLength(64)),
      from: sourceLanguage,
      to: language,
    }),
    anyone,
  ),
  /** Free text (a selection) in, its translation streamed out; long text goes in parts. */
  "translate/text": stream<TextJobChunk>()(
    v.strictObject({
      text: v.pipe(v.string(), v.minLength(1), v.maxLength(400_000)),
      from: sourceLanguage,
      to: language,
    }),
    anyone,
  ),
} satisfies Record<string, StreamDef<v.GenericSchema, unknown>>;

/** Requests a tab's content script answers for this feature. */
export const contentRequests = {
  /** Translate the page's selection in a panel next to it, into `to` unless the user picks another language. */
  "translate/selection": request<ShowReply>()(v.strictObject({ to: language }), pagesOnly),
  /** Translate the page in place into `to`. */
  "translate/page": request<ShowReply>()(v.strictObject({ to: language }), pagesOnly),
} satisfies Record<string, RequestDef<v.GenericSchema, unknown>>;
