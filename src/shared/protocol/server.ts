/**
 * The receiving end of Hearth's protocol, used by the background: validates each message's shape and sender, runs
 * its handler, encodes errors, and runs streams over ports with consumer-paced credit and cancellation.
 */
import * as v from "valibot";
import type { PortLike, ReplyEnvelope, StreamServerMessage } from "./contract";
import { STREAM_PORT_NAME } from "./contract";
import { AbortedError, encodeError, ValidationError } from "./errors";
import {
  requests,
  streams,
  type BackgroundRequests,
  type BackgroundStreams,
  type ChunkIn,
  type PayloadIn,
  type ReplyIn,
  type RequestTable,
  type StreamTable,
} from "./messages";
import { assertSenderAllowed, classifySender, type ExtensionIdentity, type SenderContext } from "./sender";

export type RequestHandler<T, K extends keyof T> = (
  payload: PayloadIn<T, K>,
  sender: SenderContext,
) => Promise<ReplyIn<T, K>> | ReplyIn<T, K>;

export type StreamHandler<T, K extends keyof T> = (
  payload: PayloadIn<T, K>,
  sender: SenderContext,
  signal: AbortSignal,
) => AsyncIterable<ChunkIn<T, K>>;

/** Called before a handler runs; throw to refuse (rate limits, per-tab policies). */
export type Gate = (type: string, sender: SenderContext) => void;

type AnyRequestHandler = (payload: unknown, sender: SenderContext) => unknown;
type AnyStreamHandler = (payload: unknown, sender: SenderContext, signal: AbortSignal) => AsyncIterable<unknown>;

export interface ProtocolServer<R = BackgroundRequests, S = BackgroundStreams> {
  handle<K extends keyof R & string>(type: K, handler: RequestHandler<R, K>): void;
  handleStream<K extends keyof S & string>(type: K, handler: StreamHandler<S, K>): void;
  /** Answer one runtime.sendMessage message. Never throws: failures come back as {ok: false}. */
  dispatch(message: unknown, sender: browser.runtime.MessageSender | undefined): Promise<ReplyEnvelope>;
  /** Serve one runtime.onConnect port. Ports with other names are left alone. */
  accept(port: PortLike): void;
}

const envelopeSchema = v.object({ hearth: v.literal("request"), type: v.string(), payload: v.unknown() });
const startSchema = v.object({
  kind: v.literal("start"),
  type: v.string(),
  payload: v.unknown(),
  credit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(64)),
});
const clientMessageSchema = v.variant("kind", [
  startSchema,
  v.object({ kind: v.literal("credit"), n: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(64)) }),
  v.object({ kind: v.literal("cancel") }),
]);

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${v.getDotPath(issue) ?? "message"}: ${issue.message}`)
    .join("; ");
}

function parseOrThrow<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (!result.success) throw new ValidationError(`Malformed ${what}: ${describeIssues(result.issues)}`);
  return result.output;
}

export interface ServerOptions<R, S> {
  requests: R;
  streams: S;
  /** Called before a handler runs; throw to refuse (rate limits, per-tab policies). */
  gate?: Gate;
}

/**
 * Create a protocol server for this add-on's identity. Defaults to the background's tables; a content script passes
 * its own.
 */
export function createServer<R extends RequestTable = BackgroundRequests, S extends StreamTable = BackgroundStreams>(
  self: ExtensionIdentity,
  options: ServerOptions<R, S> = { requests, streams } as unknown as ServerOptions<R, S>,
): ProtocolServer<R, S> {
  const gate = options.gate ?? (() => {});
  const requestHandlers = new Map<string, AnyRequestHandler>();
  const streamHandlers = new Map<string, AnyStreamHandler>();

  async function dispatch(message: unknown, rawSender: browser.runtime.MessageSender | undefined): Promise<ReplyEnvelope> {
    try {
      const sender = classifySender(rawSender, self);
      const envelope = parseOrThrow(envelopeSchema, message, "message");
      const def = (options.requests as RequestTable)[envelope.type];
      const handler = requestHandlers.get(envelope.type);
      if (!def || !handler) throw new ValidationError(`Unknown message type "${envelope.type}".`);
      assertSenderAllowed(sender, def.senders, envelope.type);
      gate(envelope.type, sender);
      const payload = parseOrThrow(def.schema, envelope.payload, `"${envelope.type}" payload`);
      return { ok: true, value: await handler(payload, sender) };
    } catch (error) {
      return { ok: false, error: encodeError(error) };
    }
  }

  function accept(port: PortLike): void {
    if (port.name !== STREAM_PORT_NAME) return;
    const controller = new AbortController();
    let credit = 0;
    let wakeProducer: (() => void) | null = null;
    let started = false;
    let open = true;

    const post = (message: StreamServerMessage) => {
      if (open) port.postMessage(message);
    };
    const finish = (message: StreamServerMessage) => {
      post(message);
      open = false;
      controller.abort();
      port.disconnect();
    };
    const wake = () => {
      wakeProducer?.();
      wakeProducer = null;
    };

    port.onDisconnect.addListener(() => {
      open = false;
      controller.abort(new AbortedError("The requester went away."));
      wake();
    });

    port.onMessage.addListener((raw) => {
      const result = v.safeParse(clientMessageSchema, raw);
      if (!result.success) {
        finish({ kind: "error", error: encodeError(new ValidationError(`Malformed stream message: ${describeIssues(result.issues)}`)) });
        return;
      }
      const message = result.output;
      if (message.kind === "credit") {
        credit += message.n;
        wake();
      } else if (message.kind === "cancel") {
        controller.abort(new AbortedError());
        wake();
        finish({ kind: "error", error: encodeError(new AbortedError()) });
      } else if (!started) {
        started = true;
        credit = message.credit;
        void run(message.type, message.payload);
      }
    });

    async function run(type: string, rawPayload: unknown): Promise<void> {
      try {
        const sender = classifySender(port.sender, self);
        const def = (options.streams as StreamTable)[type];
        const handler = streamHandlers.get(type);
        if (!def || !handler) throw new ValidationError(`Unknown stream type "${type}".`);
        assertSenderAllowed(sender, def.senders, type);
        gate(type, sender);
        const payload = parseOrThrow(def.schema, rawPayload, `"${type}" payload`);
        for await (const chunk of handler(payload, sender, controller.signal)) {
          while (credit === 0 && open) {
            await new Promise<void>((resolve) => (wakeProducer = resolve));
          }
          if (!open || controller.signal.aborted) return;
          credit -= 1;
          post({ kind: "chunk", value: chunk });
        }
        finish({ kind: "done" });
      } catch (error) {
        finish({ kind: "error", error: encodeError(error) });
      }
    }
  }

  return {
    handle(type, handler) {
      requestHandlers.set(type, handler as AnyRequestHandler);
    },
    handleStream(type, handler) {
      streamHandlers.set(type, handler as AnyStreamHandler);
    },
    dispatch,
    accept,
  };
}
