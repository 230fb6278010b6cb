/**
 * Every message Hearth's contexts exchange, in tables: what the background answers (requests, streams) and what a
 * tab's content script answers (contentRequests). Adding a message here makes `client.request("x/y", payload)` and
 * its handler type-checked end to end.
 */
import * as v from "valibot";
import { request, stream, type RequestDef, type StreamDef } from "./contract";
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

/** Requests the background answers. */
export const requests = {
  /** The add-on version and the engine's state, for status lines. */
  "hearth/status": request<HearthStatus>()(v.strictObject({}), anyone),
  /** A round trip that proves a context can reach the background; the reply says which tab asked. */
  "hearth/ping": request<PingReply>()(
    v.strictObject({ text: v.pipe(v.string(), v.maxLength(200)) }),
    anyone,
  ),
} as const;

/** Streams the background produces. */
export const streams = {
  /** Pushes the status once, then again on every change, until the consumer stops. */
  "hearth/watch-status": stream<HearthStatus>()(v.strictObject({}), pagesOnly),
} as const;

/** Requests a tab's content script answers; only Hearth's own pages and background may send them. */
export const contentRequests = {
  /** Asks the content script to ping the background and return what it heard (a liveness check for tests and UI). */
  "content/ping": request<PingReply>()(
    v.strictObject({ text: v.pipe(v.string(), v.maxLength(200)) }),
    pagesOnly,
  ),
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
