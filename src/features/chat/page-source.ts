/**
 * Read the page beside the chat, in the sidebar, with the Summary feature's reader (summarize/sidebar/read-source.ts):
 * a web page through its content script ("page/article"), a PDF open in Firefox's viewer through pdf.js. Its errors
 * become plain words for the chat, which has no PDF password box or file picker of its own.
 */
import { HearthError, ValidationError } from "../../shared/protocol/errors";
import type { DocBlock } from "../summarize/document";
import { readSource } from "../summarize/sidebar/read-source";
import type { Translate } from "./budget-line";
import type { PageChoice } from "./chat-session";
import type { PageDocument } from "./protocol";

/** Chat's words for the reader's errors that carry no message of their own, or need a pointer to the Summary tab. */
const READ_ERRORS: Record<string, string> = {
  UnreadableTabError: "chatReadUnreadable",
  NotPdfError: "chatReadUnreadable",
  LocalPdfError: "chatReadLocalPdf",
  PdfDownloadError: "chatReadPdfDownload",
  PdfPasswordRequiredError: "chatReadPdfPassword",
};

/** A block as "chat/reply" accepts it: only the fields it knows, heading levels within 1-6. */
function wireBlock(block: DocBlock): PageDocument["blocks"][number] {
  const sourceRef: PageDocument["blocks"][number]["sourceRef"] = {};
  if (block.sourceRef.page !== undefined) sourceRef.page = block.sourceRef.page;
  if (block.sourceRef.anchor !== undefined) sourceRef.anchor = block.sourceRef.anchor;
  const level = block.level === undefined ? undefined : Math.min(6, Math.max(1, Math.round(block.level)));
  return { kind: block.kind, text: block.text, ...(level !== undefined && { level }), sourceRef };
}

/** The text of `page` (web page or PDF) as blocks, or a ValidationError that says why it cannot be read. */
export async function readPageForChat(page: PageChoice, signal: AbortSignal, t: Translate): Promise<PageDocument> {
  try {
    const read = await readSource({ kind: "page", tabId: page.tabId }, { signal });
    return { title: read.title || page.title, url: page.url, blocks: read.blocks.map(wireBlock) };
  } catch (error) {
    const key = error instanceof HearthError ? READ_ERRORS[error.name] : undefined;
    if (key) throw new ValidationError(t(key, [error instanceof Error ? error.message : ""]));
    throw error;
  }
}
