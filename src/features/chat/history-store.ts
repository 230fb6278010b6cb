/**
 * Conversation history kept on this device in IndexedDB: create, append, update the streaming answer, list, search,
 * rename, delete. Each change to a conversation and its messages happens in one transaction.
 */

import { ValidationError } from "../../shared/protocol/errors";
import type { MessageStatus } from "./conversation";
import {
  DEFAULT_DB_NAME,
  openHistoryDb,
  type ChatHistoryDb,
  type StoredConversation,
  type StoredMessage,
} from "./history-db";

export type { StoredConversation, StoredMessage } from "./history-db";

export interface NewConversation {
  title?: string;
  page?: { url: string; title: string };
}

export interface NewMessage {
  role: "user" | "assistant";
  content: string;
  status?: MessageStatus;
}

export interface MessagePatch {
  content?: string;
  status?: MessageStatus;
}

export interface StoredChat {
  conversation: StoredConversation;
  messages: StoredMessage[];
}

export interface SearchHit {
  conversation: StoredConversation;
  /** A short piece of the first matching message, or null when only the title matched. */
  snippet: string | null;
}

export interface HistoryStoreOptions {
  name?: string;
  now?: () => number;
  newId?: () => string;
}

const MAX_TITLE = 200;
const AUTO_TITLE = 60;
const SNIPPET_RADIUS = 40;

/** A title from the first user message: its first line, cut at a word near 60 characters. */
export function titleFromMessage(text: string): string {
  const line = text.trim().split("\n")[0]?.replace(/\s+/g, " ") ?? "";
  if (line.length <= AUTO_TITLE) return line;
  const cut = line.slice(0, AUTO_TITLE);
  const space = cut.lastIndexOf(" ");
  return `${(space > AUTO_TITLE / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Lower case without accents, so "Cafe" finds "Café". */
function fold(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase();
}

function snippetAround(content: string, at: number, length: number): string {
  const start = Math.max(0, at - SNIPPET_RADIUS);
  const end = Math.min(content.length, at + length + SNIPPET_RADIUS);
  const text = content.slice(start, end).replace(/\s+/g, " ").trim();
  return `${start > 0 ? "…" : ""}${text}${end < content.length ? "…" : ""}`;
}

function messageRange(conversationId: string, fromSeq = 0): IDBKeyRange {
  return IDBKeyRange.bound([conversationId, fromSeq], [conversationId, Infinity]);
}

function missing(): ValidationError {
  return new ValidationError("That conversation no longer exists.");
}

export class HistoryStore {
  private constructor(
    private readonly db: ChatHistoryDb,
    private readonly now: () => number,
    private readonly newId: () => string,
  ) {}

  /** Open the history database, creating or upgrading it as needed. */
  static async open(options: HistoryStoreOptions = {}): Promise<HistoryStore> {
    const db = await openHistoryDb(options.name ?? DEFAULT_DB_NAME);
    return new HistoryStore(db, options.now ?? Date.now, options.newId ?? (() => crypto.randomUUID()));
  }

  /** Close the connection; the store cannot be used afterwards. */
  close(): void {
    this.db.close();
  }

  /** Start a conversation, optionally about a page. */
  async create(init: NewConversation = {}): Promise<StoredConversation> {
    const at = this.now();
    const conversation: StoredConversation = {
      id: this.newId(),
      title: init.title?.trim().slice(0, MAX_TITLE) ?? "",
      createdAt: at,
      updatedAt: at,
      messageCount: 0,
      ...(init.page && { pageUrl: init.page.url, pageTitle: init.page.title }),
    };
    await this.db.add("conversations", conversation);
    return conversation;
  }

  /** Add a message at the end; the first user message names an untitled conversation. */
  async append(conversationId: string, message: NewMessage): Promise<StoredMessage> {
    const tx = this.db.transaction(["conversations", "messages"], "readwrite");
    const conversation = await tx.objectStore("conversations").get(conversationId);
    if (!conversation) throw missing();
    const at = this.now();
    const stored: StoredMessage = {
      conversationId,
      seq: conversation.messageCount,
      role: message.role,
      content: message.content,
      status: message.status ?? "complete",
      createdAt: at,
    };
    const title = conversation.title || (message.role === "user" ? titleFromMessage(message.content) : "");
    await tx.objectStore("messages").add(stored);
    await tx.objectStore("conversations").put({ ...conversation, title, updatedAt: at, messageCount: stored.seq + 1 });
    await tx.done;
    return stored;
  }

  /** Change the last message, e.g. the answer as it streams (callers throttle: each call is a write) or stops. */
  async updateLast(conversationId: string, patch: MessagePatch): Promise<StoredMessage> {
    const tx = this.db.transaction(["conversations", "messages"], "readwrite");
    const conversation = await tx.objectStore("conversations").get(conversationId);
    if (!conversation) throw missing();
    const last = await tx.objectStore("messages").get([conversationId, conversation.messageCount - 1]);
    if (!last) throw new ValidationError("That conversation has no messages yet.");
    const updated: StoredMessage = { ...last, ...patch };
    await tx.objectStore("messages").put(updated);
    await tx.objectStore("conversations").put({ ...conversation, updatedAt: this.now() });
    await tx.done;
    return updated;
  }

  /** Keep only the first `count` messages (for regenerate and edit-and-resend, which replace what follows). */
  async truncate(conversationId: string, count: number): Promise<void> {
    const tx = this.db.transaction(["conversations", "messages"], "readwrite");
    const conversation = await tx.objectStore("conversations").get(conversationId);
    if (!conversation) throw missing();
    const keep = Math.max(0, Math.min(count, conversation.messageCount));
    await tx.objectStore("messages").delete(messageRange(conversationId, keep));
    await tx.objectStore("conversations").put({ ...conversation, messageCount: keep, updatedAt: this.now() });
    await tx.done;
  }

  /** All conversations, most recently active first. */
  async list(): Promise<StoredConversation[]> {
    const found: StoredConversation[] = [];
    let cursor = await this.db.transaction("conversations").store.index("by-updated").openCursor(null, "prev");
    while (cursor) {
      found.push(cursor.value);
      cursor = await cursor.continue();
    }
    return found;
  }

  /** Conversations started from the page at `url`, most recently active first. */
  async listForPage(url: string): Promise<StoredConversation[]> {
    const found = await this.db.getAllFromIndex("conversations", "by-page", url);
    return found.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** Conversations whose title or messages contain `query` (ignoring case and accents), most recent first. */
  async search(query: string): Promise<SearchHit[]> {
    const needle = fold(query.trim());
    if (!needle) return [];
    // Listed before the read transaction opens: awaiting another transaction inside one would let it auto-commit.
    const conversations = await this.list();
    const messages = this.db.transaction("messages").store;
    const hits: SearchHit[] = [];
    for (const conversation of conversations) {
      let snippet: string | null = null;
      let cursor = await messages.openCursor(messageRange(conversation.id));
      while (cursor && snippet === null) {
        const content = cursor.value.content;
        const folded = fold(content);
        const at = folded.indexOf(needle);
        // Folding can change lengths ("ﬁ" becomes "fi"); then the match position says nothing about `content`.
        if (at >= 0) snippet = snippetAround(content, folded.length === content.length ? at : 0, needle.length);
        cursor = await cursor.continue();
      }
      if (snippet !== null || fold(conversation.title).includes(needle)) hits.push({ conversation, snippet });
    }
    return hits;
  }

  /** Give a conversation a new title. */
  async rename(conversationId: string, title: string): Promise<StoredConversation> {
    const clean = title.replace(/\s+/g, " ").trim();
    if (!clean) throw new ValidationError("A title cannot be empty.");
    if (clean.length > MAX_TITLE) throw new ValidationError(`A title can be at most ${MAX_TITLE} characters.`);
    const tx = this.db.transaction("conversations", "readwrite");
    const conversation = await tx.store.get(conversationId);
    if (!conversation) throw missing();
    const renamed = { ...conversation, title: clean };
    await tx.store.put(renamed);
    await tx.done;
    return renamed;
  }

  /** A conversation and its messages in order, or undefined if there is none with that id. */
  async get(conversationId: string): Promise<StoredChat | undefined> {
    const tx = this.db.transaction(["conversations", "messages"]);
    const conversation = await tx.objectStore("conversations").get(conversationId);
    if (!conversation) return undefined;
    const messages = await tx.objectStore("messages").getAll(messageRange(conversationId));
    return { conversation, messages };
  }

  /** Delete one conversation and its messages. */
  async delete(conversationId: string): Promise<void> {
    const tx = this.db.transaction(["conversations", "messages"], "readwrite");
    await tx.objectStore("messages").delete(messageRange(conversationId));
    await tx.objectStore("conversations").delete(conversationId);
    await tx.done;
  }

  /** Delete every conversation. */
  async deleteAll(): Promise<void> {
    const tx = this.db.transaction(["conversations", "messages"], "readwrite");
    await tx.objectStore("messages").clear();
    await tx.objectStore("conversations").clear();
    await tx.done;
  }
}
