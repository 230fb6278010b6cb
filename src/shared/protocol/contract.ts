/**
 * How a message type is declared: a valibot schema for what the receiver accepts, the kinds of sender allowed to
 * send it, and (as a phantom type) what comes back. The request and stream tables are built from these.
 */
import type * as v from "valibot";

/** Who sent a message, decided from the browser-filled sender fields, never from the message itself. */
export type SenderKind = "extension-page" | "content-script";

export interface RequestDef<Schema extends v.GenericSchema, Reply> {
  readonly schema: Schema;
  readonly senders: readonly SenderKind[];
  /** Phantom field: carries the reply type; never set at run time. */
  readonly reply?: Reply;
}

export interface StreamDef<Schema extends v.GenericSchema, Chunk> {
  readonly schema: Schema;
  readonly senders: readonly SenderKind[];
  /** Phantom field: carries the chunk type; never set at run time. */
  readonly chunk?: Chunk;
}

/** Declare a request/reply message. Usage: `request<Reply>()(v.object({...}), ["extension-page"])`. */
export function request<Reply>() {
  return <Schema extends v.GenericSchema>(schema: Schema, senders: readonly SenderKind[]): RequestDef<Schema, Reply> => ({
    schema,
    senders,
  });
}

/** Declare a streamed message whose producer yields chunks of type Chunk over a runtime.Port. */
export function stream<Chunk>() {
  return <Schema extends v.GenericSchema>(schema: Schema, senders: readonly SenderKind[]): StreamDef<Schema, Chunk> => ({
    schema,
    senders,
  });
}

/** Wire form of a request sent with runtime.sendMessage. */
export interface RequestEnvelope {
  hearth: "request";
  type: string;
  payload: unknown;
}

/** Wire form of a reply. Errors are encoded as {name, message}. */
export type ReplyEnvelope = { ok: true; value: unknown } | { ok: false; error: { name: string; message: string } };

/** Messages a stream's consumer sends over its port. */
export type StreamClientMessage =
  | { kind: "start"; type: string; payload: unknown; credit: number }
  | { kind: "credit"; n: number }
  | { kind: "cancel" };

/** Messages a stream's producer sends over its port. */
export type StreamServerMessage =
  | { kind: "chunk"; value: unknown }
  | { kind: "done" }
  | { kind: "error"; error: { name: string; message: string } };

/** The name every streaming port uses; the stream type travels in the start message. */
export const STREAM_PORT_NAME = "hearth/stream";

/**
 * The subset of runtime.Port that Hearth uses, so the same code runs over a real port and over the structuredClone
 * loopback in unit tests.
 */
export interface PortLike {
  readonly name: string;
  readonly sender?: browser.runtime.MessageSender;
  postMessage(message: object): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: object) => void): void };
  onDisconnect: { addListener(listener: (port: PortLike) => void): void };
}
