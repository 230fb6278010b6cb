/**
 * The IndexedDB schema of chat history and its migrations. Each migration upgrades from one version to the next and
 * runs inside the upgrade transaction, so a database of any older version is brought up step by step.
 */

import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from "idb";
import type { MessageStatus } from "./conversation";

export interface StoredConversation {
  id: string;
  /** Empty until the first user message names it or the user renames it. */
  title: string;
  createdAt: number;
  updatedAt: number;
  messageCount: number;
  /** The page the chat was started from, if any. Indexed (v2) to list chats about the current page. */
  pageUrl?: string;
  pageTitle?: string;
}

export interface StoredMessage {
  conversationId: string;
  /** Position in the conversation from 0; with the id it is the key, so a conversation's messages read in order. */
  seq: number;
  role: "user" | "assistant";
  content: string;
  status: MessageStatus;
  createdAt: number;
}

export interface ChatHistorySchema extends DBSchema {
  conversations: { key: string; value: StoredConversation; indexes: { "by-updated": number; "by-page": string } };
  messages: { key: [string, number]; value: StoredMessage };
}

export type ChatHistoryDb = IDBPDatabase<ChatHistorySchema>;
type UpgradeTransaction = IDBPTransaction<ChatHistorySchema, StoreNames<ChatHistorySchema>[], "versionchange">;

export const DEFAULT_DB_NAME = "hearth-chat-history";

/** migrations[i] upgrades a database from version i to version i + 1. */
const migrations: ((db: ChatHistoryDb, tx: UpgradeTransaction) => void)[] = [
  // v1: conversations listed by last activity; messages keyed by [conversation, position].
  (db) => {
    const conversations = db.createObjectStore("conversations", { keyPath: "id" });
    conversations.createIndex("by-updated", "updatedAt");
    db.createObjectStore("messages", { keyPath: ["conversationId", "seq"] });
  },
  // v2: find the chats about a page. Existing conversations are indexed by IndexedDB itself when the index is created.
  (_db, tx) => {
    tx.objectStore("conversations").createIndex("by-page", "pageUrl");
  },
];

/** The schema version this code writes. */
export const CURRENT_VERSION = migrations.length;

/**
 * Open (creating or upgrading) the history database. `version` exists for migration tests, which build an old
 * database first; everything else opens the current version.
 */
export function openHistoryDb(name = DEFAULT_DB_NAME, version = CURRENT_VERSION): Promise<ChatHistoryDb> {
  let db: ChatHistoryDb | undefined;
  const opening = openDB<ChatHistorySchema>(name, version, {
    upgrade(database, oldVersion, newVersion, tx) {
      for (let from = oldVersion; from < (newVersion ?? version); from++) migrations[from]?.(database, tx);
    },
    // A newer Hearth (after an update) wants to upgrade: step aside instead of blocking it until this page closes.
    blocking() {
      db?.close();
    },
  });
  return opening.then((opened) => (db = opened));
}
