/**
 * Every message Hearth's contexts exchange, in tables: what the background answers (requests, streams) and what a
 * tab's content script answers (contentRequests). Adding a message here makes `client.request("x/y", payload)` and
 * its handler type-checked end to end.
 */
import * as v from "valibot";
import * as tabGroups from "../../features/tab-groups/protocol";
import * as translate from "../../features/translate/protocol";
import * as summarize from "../../features/summarize/protocol";
import * as reader from "../../features/reader/protocol";
import * as chat from "../../features/chat/protocol";
import * as models from "../../features/models/protocol";
import * as page from "../../features/page/protocol";
import { request, stream, type RequestDef, type StreamDef } from "./contract";
import type { HostChunk } from "../../engine/host/engine-host";
import type { EngineInfo } from "../../engine/engine";
import type { HearthStatus } from "./status";

/** What the background heard: the text back, and who it decided the sender was. */
export interface PingReply {
  text: string;
  tabId: number | null;
  kind: string;
  url: string;
}

const anyone = ["extension-page", "content-script"] as const;
const pagesOnly = ["extension-page"] as const;

const chatMessages = v.pipe(
  v.array(
    v.strictObject({
      role: v.picklist(["system", "user", "assistant"]),
      content: v.pipe(v.string(), v.maxLength(400_000)),
    }),
  ),
  v.minLength(1),
  v.maxLength(400),
);

/** Requests the background answers. */
export const requests = {
  /** The add-on version and the engine's state, for status lines. */
  "hearth/status": request<HearthStatus>()(v.strictObject({}), anyone),
  /** A round trip that proves a context can reach the background; the reply says which tab asked. */
  "hearth/ping": request<PingReply>()(
    v.strictObject({ text: v.pipe(v.string(), v.maxLength(200)) }),
    anyone,
  ),
  /** Load a model from a URL now (until the model manager stores it locally). Extension pages only. */
  "engine/load": request<EngineInfo>()(
    v.strictObject({
      modelId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
      url: v.pipe(v.string(), v.url(), v.maxLength(2000)),
      device: v.optional(v.picklist(["cpu", "gpu", "auto"])),
      /** "fake" selects the scripted test engine; only test builds accept it. */
      backend: v.optional(v.picklist(["wllama", "fake"])),
      fake: v.optional(
        v.strictObject({
          replies: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(100_000))), v.maxLength(1000))),
          chunkDelayMs: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(5000))),
        }),
      ),
    }),
    pagesOnly,
  ),
  /** Free the loaded model. */
  "engine/unload": request<null>()(v.strictObject({}), pagesOnly),
  /** Count tokens with the active model's own tokenizer. */
  // Hearth's pages only: a content script never needs raw model access, so a compromised page process gets none.
  "engine/count-tokens": request<number>()(v.strictObject({ text: v.pipe(v.string(), v.maxLength(2_000_000)) }), pagesOnly),
  ...tabGroups.requests,
  ...translate.requests,
  ...summarize.requests,
  ...reader.requests,
  ...chat.requests,
  ...models.requests,
  ...page.requests,
} as const;

/** Streams the background produces. */
export const streams = {
  /** Pushes the status once, then again on every change, until the consumer stops. */
  "hearth/watch-status": stream<HearthStatus>()(v.strictObject({}), pagesOnly),
  /** A chat completion from the active model, queued behind other work; the first chunk gives the queue position. */
  "engine/generate": stream<HostChunk>()(
    v.strictObject({
      messages: chatMessages,
      maxTokens: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(8192))),
      temperature: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(2))),
      seed: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
      priority: v.optional(v.picklist(["interactive", "batch"])),
    }),
    pagesOnly,
  ),
  ...tabGroups.streams,
  ...translate.streams,
  ...summarize.streams,
  ...reader.streams,
  ...chat.streams,
  ...models.streams,
  ...page.streams,
} as const;

/** Requests a tab's content script answers; only Hearth's own pages and background may send them. */
export const contentRequests = {
  /** Asks the content script to ping the background and return what it heard (a liveness check for tests and UI). */
  "content/ping": request<PingReply>()(
    v.strictObject({ text: v.pipe(v.string(), v.maxLength(200)) }),
    pagesOnly,
  ),
  ...tabGroups.contentRequests,
  ...translate.contentRequests,
  ...summarize.contentRequests,
  ...reader.contentRequests,
  ...chat.contentRequests,
  ...models.contentRequests,
  ...page.contentRequests,
} as const;

/** No streams are served by content scripts yet. */
export const contentStreams = {} as const;

export type RequestTable = Record<string, RequestDef<v.GenericSchema, unknown>>;
export type StreamTable = Record<string, StreamDef<v.GenericSchema, unknown>>;

type SchemaOf<D> = D extends RequestDef<infer S, unknown> ? S : D extends StreamDef<infer S, unknown> ? S : never;

/** The payload type a table's message accepts. */
export type PayloadIn<T, K extends keyof T> = v.InferOutput<SchemaOf<T[K]>>;
/** The reply type of a request in a table. */
export type ReplyIn<T, K extends keyof T> = T[K] extends RequestDef<v.GenericSchema, infer R> ? R : never;
/** The chunk type of a stream in a table. */
export type ChunkIn<T, K extends keyof T> = T[K] extends StreamDef<v.GenericSchema, infer C> ? C : never;

export type BackgroundRequests = typeof requests;
export type BackgroundStreams = typeof streams;
export type RequestType = keyof BackgroundRequests;
export type StreamType = keyof BackgroundStreams;
export type RequestPayload<K extends RequestType> = PayloadIn<BackgroundRequests, K>;
export type ReplyOf<K extends RequestType> = ReplyIn<BackgroundRequests, K>;
export type StreamPayload<K extends StreamType> = PayloadIn<BackgroundStreams, K>;
export type ChunkOf<K extends StreamType> = ChunkIn<BackgroundStreams, K>;
