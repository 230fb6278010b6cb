/**
 * Trust is decided once per message or port from what the browser fills in (sender.id, sender.url, sender.tab),
 * never from what the message says about itself.
 */
import { PermissionError } from "./errors";
import type { SenderKind } from "./contract";

export interface SenderContext {
  kind: SenderKind;
  /** The tab the message came from; null for the sidebar and the popup. */
  tabId: number | null;
  /** The window of that tab, when known. */
  windowId: number | null;
  frameId: number | null;
  url: string;
  incognito: boolean;
}

export interface ExtensionIdentity {
  id: string;
  /** e.g. "moz-extension://<uuid>/" */
  origin: string;
}

/** Classify a sender or throw PermissionError when it is not part of this add-on. */
export function classifySender(sender: browser.runtime.MessageSender | undefined, self: ExtensionIdentity): SenderContext {
  if (!sender || sender.id !== self.id) {
    throw new PermissionError("Messages are accepted only from Hearth itself.");
  }
  const url = sender.url ?? "";
  const tab = sender.tab;
  const base = {
    url,
    tabId: tab?.id ?? null,
    windowId: tab?.windowId ?? null,
    frameId: sender.frameId ?? null,
    incognito: tab?.incognito ?? false,
  };
  if (url.startsWith(self.origin)) {
    return { kind: "extension-page", ...base };
  }
  // A content script always runs in a tab; a message without one that is not from our own pages is refused.
  if (tab?.id !== undefined && /^(https?|file):/.test(url)) {
    return { kind: "content-script", ...base };
  }
  throw new PermissionError("This sender may not talk to Hearth.");
}

/** Throw PermissionError unless `context.kind` is one of `allowed`. */
export function assertSenderAllowed(context: SenderContext, allowed: readonly SenderKind[], type: string): void {
  if (!allowed.includes(context.kind)) {
    throw new PermissionError(`"${type}" may not be sent from a ${context.kind}.`);
  }
}
