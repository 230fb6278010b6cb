/**
 * The only place that wires Hearth's protocol to browser.runtime / browser.tabs. Everything else talks to a
 * ProtocolClient or ProtocolServer and stays testable without a browser.
 */
import { createClient, type ClientTransport, type ProtocolClient } from "../protocol/client";
import type { PortLike, RequestEnvelope } from "../protocol/contract";
import type { ExtensionIdentity } from "../protocol/sender";
import type { ProtocolServer } from "../protocol/server";
import type { contentRequests, contentStreams } from "../protocol/messages";

type ContentRequests = typeof contentRequests;
type ContentStreams = typeof contentStreams;

/**
 * Keep the background event page from being ended for idleness until `signal` aborts: Firefox ends an event page
 * that has seen no extension API activity for a while, even with a download running in it.
 */
export function keepAwake(signal: AbortSignal, intervalMs = 10_000): void {
  if (signal.aborted) return;
  const timer = setInterval(() => void browser.runtime.getPlatformInfo().catch(() => undefined), intervalMs);
  signal.addEventListener("abort", () => clearInterval(timer), { once: true });
}

/** This add-on's id and origin, as the browser reports them. */
export function extensionIdentity(): ExtensionIdentity {
  return { id: browser.runtime.id, origin: browser.runtime.getURL("") };
}

const runtimeTransport: ClientTransport = {
  sendMessage: (message: RequestEnvelope) => browser.runtime.sendMessage(message),
  connect: (name: string) => browser.runtime.connect({ name }) as PortLike,
};

let backgroundClient: ProtocolClient | null = null;

/** The client for talking to the background from a content script or an extension page. */
export function background(): ProtocolClient {
  backgroundClient ??= createClient(runtimeTransport);
  return backgroundClient;
}

/** How long a tab's content script may take to answer: a page can hang, Hearth must not hang with it. */
const CONTENT_SCRIPT_TIMEOUT_MS = 20_000;

/** A client for one tab's content script (top frame), used by the background and extension pages. */
export function contentScriptOf(tabId: number): ProtocolClient<ContentRequests, ContentStreams> {
  return createClient<ContentRequests, ContentStreams>(
    {
      sendMessage: (message: RequestEnvelope) => browser.tabs.sendMessage(tabId, message, { frameId: 0 }),
      connect: (name: string) => browser.tabs.connect(tabId, { name, frameId: 0 }) as PortLike,
    },
    { timeoutMs: CONTENT_SCRIPT_TIMEOUT_MS },
  );
}

/**
 * Route runtime messages and ports to a protocol server. Messages that are not Hearth requests are ignored so other
 * listeners (none today) could coexist.
 */
export function serveRuntime<R, S>(server: ProtocolServer<R, S>): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: browser.runtime.MessageSender) => {
    if (typeof message !== "object" || message === null || (message as { hearth?: unknown }).hearth !== "request") {
      return undefined;
    }
    return server.dispatch(message, sender);
  });
  browser.runtime.onConnect.addListener((port) => server.accept(port as PortLike));
}
