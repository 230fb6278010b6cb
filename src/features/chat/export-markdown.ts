/**
 * Export a conversation as a Markdown file the user saves: a title, where it came from, then each message under a
 * heading. Message text is written as it is (answers are Markdown already); only the lines we compose are escaped.
 */

import type { MessageStatus } from "./conversation";

export interface ExportableConversation {
  title: string;
  createdAt: number;
  pageUrl?: string;
  pageTitle?: string;
}

export interface ExportableMessage {
  role: "user" | "assistant";
  content: string;
  status: MessageStatus;
}

const SPEAKER = { user: "You", assistant: "Hearth" } as const;
const STATUS_NOTE: Record<MessageStatus, string> = {
  complete: "",
  stopped: "_(stopped before the answer was finished)_",
  error: "_(the answer failed part way)_",
};

/** Characters that would turn our own lines into Markdown syntax (links, emphasis, headings...). */
function escapeInline(text: string): string {
  return text.replace(/\s+/g, " ").trim().replace(/[\\`*_[\]{}()<>#!|~]/g, "\\$&");
}

function isoDay(timestamp: number): string {
  return new Date(timestamp).toISOString().slice(0, 10);
}

/** The conversation as a Markdown document. */
export function conversationToMarkdown(
  conversation: ExportableConversation,
  messages: readonly ExportableMessage[],
): string {
  const lines = [`# ${escapeInline(conversation.title) || "Chat"}`, ""];
  let source = `Exported from Hearth. Started ${isoDay(conversation.createdAt)}`;
  if (conversation.pageUrl) {
    // Angle brackets let any URL through as a link destination; a ">" inside it would end it early.
    const url = conversation.pageUrl.replace(/[<>\s]/g, encodeURIComponent);
    source += ` about [${escapeInline(conversation.pageTitle ?? "") || "a page"}](<${url}>)`;
  }
  lines.push(`${source}.`, "");
  for (const message of messages) {
    lines.push(`## ${SPEAKER[message.role]}`, "", message.content.trim() || "_(empty)_", "");
    const note = STATUS_NOTE[message.status];
    if (note) lines.push(note, "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

const MAX_NAME = 80;

/**
 * A file name that is valid on Windows, macOS and Linux: the date, then the title without characters file systems
 * refuse or that could disguise the extension (bidi overrides), e.g. "2024-05-01-Why-is-the-sky-blue.md". The date
 * prefix also keeps the name clear of Windows' reserved device names (CON, NUL...).
 */
export function safeFileName(title: string, createdAt: number): string {
  const cleaned = title
    .normalize("NFKC")
    .replace(/[\p{Cc}\p{Cf}]/gu, "")
    .replace(/[<>:"/\\|?*]/g, " ")
    .trim()
    .replace(/\s+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[.-]+|[.-]+$/g, "");
  const chars = Array.from(cleaned);
  const slug = chars.length > MAX_NAME ? chars.slice(0, MAX_NAME).join("").replace(/[.-]+$/, "") : cleaned;
  return `${isoDay(createdAt)}-${slug || "chat"}.md`;
}
