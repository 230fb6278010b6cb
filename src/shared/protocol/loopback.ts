/**
 * An in-memory stand-in for runtime messaging, for unit tests: every message passes through structuredClone and is
 * delivered asynchronously, so anything that could not cross a real process boundary fails here first (as pdf.js's
 * LoopbackPort does).
 */
import type { PortLike, RequestEnvelope } from "./contract";
import type { ClientTransport } from "./client";
import type { ProtocolServer } from "./server";

type Listener<T> = (value: T) => void;

class LoopbackPort implements PortLike {
  peer: LoopbackPort | null = null;
  private messageListeners: Listener<object>[] = [];
  private disconnectListeners: Listener<PortLike>[] = [];
  private closed = false;

  constructor(
    readonly name: string,
    readonly sender?: browser.runtime.MessageSender,
  ) {}

  postMessage(message: object): void {
    if (this.closed) throw new Error("Attempt to postMessage on disconnected port");
    const copy = structuredClone(message);
    const peer = this.peer;
    setTimeout(() => peer?.deliver(copy), 0);
  }

  disconnect(): void {
    if (this.closed) return;
    this.closed = true;
    const peer = this.peer;
    // Like runtime.Port, onDisconnect fires on the other end only.
    setTimeout(() => peer?.remoteClosed(), 0);
  }

  onMessage = { addListener: (listener: Listener<object>) => void this.messageListeners.push(listener) };
  onDisconnect = { addListener: (listener: Listener<PortLike>) => void this.disconnectListeners.push(listener) };

  private deliver(message: object): void {
    if (!this.closed) for (const listener of this.messageListeners) listener(message);
  }

  private remoteClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.disconnectListeners) listener(this);
  }
}

/** A client transport wired straight to `server`, as if sent by `sender`. */
export function createLoopbackTransport<R, S>(server: ProtocolServer<R, S>, sender: browser.runtime.MessageSender): ClientTransport {
  return {
    async sendMessage(message: RequestEnvelope) {
      const reply = await server.dispatch(structuredClone(message), sender);
      return structuredClone(reply);
    },
    connect(name: string) {
      const clientEnd = new LoopbackPort(name);
      const serverEnd = new LoopbackPort(name, sender);
      clientEnd.peer = serverEnd;
      serverEnd.peer = clientEnd;
      server.accept(serverEnd);
      return clientEnd;
    },
  };
}
