/**
 * The calling end of Hearth's protocol, used by content scripts and UI pages. Requests return the reply or throw the
 * same named error class the background raised; streams are AsyncIterables that the consumer paces and can abort.
 */
import type { PortLike, ReplyEnvelope, RequestEnvelope, StreamClientMessage, StreamServerMessage } from "./contract";
import { STREAM_PORT_NAME } from "./contract";
import { AbortedError, decodeError, HearthError, TimeoutError } from "./errors";
import type { BackgroundRequests, BackgroundStreams, ChunkIn, PayloadIn, ReplyIn } from "./messages";

export interface ClientTransport {
  sendMessage(message: RequestEnvelope): Promise<unknown>;
  connect(name: string): PortLike;
}

export interface StreamOptions {
  signal?: AbortSignal;
  /** How many chunks the producer may send ahead of the consumer. */
  window?: number;
}

export interface ProtocolClient<R = BackgroundRequests, S = BackgroundStreams> {
  request<K extends keyof R & string>(type: K, payload: PayloadIn<R, K>): Promise<ReplyIn<R, K>>;
  stream<K extends keyof S & string>(type: K, payload: PayloadIn<S, K>, options?: StreamOptions): AsyncIterable<ChunkIn<S, K>>;
}

function isReply(value: unknown): value is ReplyEnvelope {
  return typeof value === "object" && value !== null && "ok" in value;
}

export interface ClientOptions {
  /** Give up on a request after this many ms with TimeoutError (e.g. a content script in a page that hangs). */
  timeoutMs?: number;
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number | undefined, type: string): Promise<T> {
  if (timeoutMs === undefined) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`"${type}" got no answer in ${Math.round(timeoutMs / 1000)} s. Reload the page and try again.`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Create a protocol client over a transport (the real runtime, or a loopback in tests). */
export function createClient<R = BackgroundRequests, S = BackgroundStreams>(
  transport: ClientTransport,
  options: ClientOptions = {},
): ProtocolClient<R, S> {
  return {
    async request(type, payload) {
      const reply = await withTimeout(transport.sendMessage({ hearth: "request", type, payload }), options.timeoutMs, type);
      if (!isReply(reply)) throw new HearthError("Hearth's background did not answer. Try again in a moment.");
      if (!reply.ok) throw decodeError(reply.error);
      return reply.value as ReplyIn<R, typeof type>;
    },
    stream(type, payload, options = {}) {
      return openStream(transport, type, payload, options) as AsyncIterable<ChunkIn<S, typeof type>>;
    },
  };
}

async function* openStream(
  transport: ClientTransport,
  type: string,
  payload: unknown,
  { signal, window = 4 }: StreamOptions,
): AsyncGenerator<unknown> {
  if (signal?.aborted) throw new AbortedError();
  const port = transport.connect(STREAM_PORT_NAME);
  const inbox: StreamServerMessage[] = [];
  let notify: (() => void) | null = null;
  let disconnected = false;
  const wake = () => {
    notify?.();
    notify = null;
  };
  const send = (message: StreamClientMessage) => {
    if (!disconnected) port.postMessage(message);
  };

  port.onMessage.addListener((message) => {
    inbox.push(message as StreamServerMessage);
    wake();
  });
  port.onDisconnect.addListener(() => {
    disconnected = true;
    wake();
  });
  const onAbort = () => {
    send({ kind: "cancel" });
    wake();
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  send({ kind: "start", type, payload, credit: window });

  try {
    for (;;) {
      if (signal?.aborted) throw new AbortedError();
      const message = inbox.shift();
      if (!message) {
        if (disconnected) throw new HearthError("Hearth's background stopped answering. Try again.");
        await new Promise<void>((resolve) => (notify = resolve));
        continue;
      }
      if (message.kind === "done" || message.kind === "error") {
        // The producer has finished and closes the port itself.
        disconnected = true;
        if (message.kind === "done") return;
        throw decodeError(message.error);
      }
      yield message.value;
      send({ kind: "credit", n: 1 });
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    if (!disconnected) {
      // Leaving the loop early (break, throw, abort) must stop the producer too.
      send({ kind: "cancel" });
      disconnected = true;
      port.disconnect();
    }
  }
}
