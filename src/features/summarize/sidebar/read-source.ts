/**
 * Reads what a summary job points at into document blocks: a page through its content script (page/article), a
 * selection, or a PDF (from its URL, fetched by the add-on, or a local file) through pdf.js. A tab without a content
 * script is fetched as a PDF only when its URL or title names a .pdf file: the fetch carries the user's cookies, so
 * an arbitrary page (a bank, a mailbox) must never be downloaded on a guess.
 */
import { egressFetch } from "../../../shared/platform/egress";
import { contentScriptOf } from "../../../shared/platform/runtime";
import { AbortedError, HearthError } from "../../../shared/protocol/errors";
import type { PageBlock } from "../../page/protocol";
import type { PdfFailedPage, PdfPageRange, PdfProgress } from "../../pdf/extract";
import { hasPdfHeader, looksLikePdfUrl, pdfNameFromUrl } from "../../pdf/pdf-url";
import type { DocBlock } from "../document";
import type { SummaryTarget } from "../protocol";
import { pageDocBlocks, selectionDocBlocks } from "../source-blocks";

/** A PDF at a file:// URL: the add-on may not read it, the user has to pick the file. */
export class LocalPdfError extends HearthError {
  override name = "LocalPdfError";
}
/** The PDF could not be downloaded (offline, refused, or blocked). */
export class PdfDownloadError extends HearthError {
  override name = "PdfDownloadError";
}
/** The link or tab is not a PDF after all. */
export class NotPdfError extends HearthError {
  override name = "NotPdfError";
}
/** The tab shows something no add-on may read (about: pages, the add-ons site, a reader view). */
export class UnreadableTabError extends HearthError {
  override name = "UnreadableTabError";
}

/** Where the text came from, for the title line, the source links and the failed-pages note. */
export type SourceOrigin =
  | { kind: "page"; tabId: number; blocks: PageBlock[]; siteName: string | null }
  | { kind: "selection"; tabId: number }
  | { kind: "pdf"; url: string | null; tabId: number | null; pageCount: number; range: PdfPageRange; failedPages: PdfFailedPage[]; pagesWithoutText: number[] };

export interface ReadSource {
  title: string;
  blocks: DocBlock[];
  origin: SourceOrigin;
}

/** A source to read: a job's target, or a PDF file the user picked or dropped. */
export type SourceRequest = SummaryTarget | { kind: "file"; file: File };

export interface ReadOptions {
  signal: AbortSignal;
  password?: string;
  range?: PdfPageRange;
  onPdfProgress?: (progress: PdfProgress) => void;
}

// A content script loads at document_idle: right after a navigation it may not be there yet.
const CONTENT_SCRIPT_TRIES = 12;
const CONTENT_SCRIPT_WAIT_MS = 150;

/**
 * The last PDF fetched, so a password or page-range retry does not download it again. One only: a PDF can run to
 * hundreds of megabytes, and the sidebar stays open all session.
 */
let lastPdf: { url: string; bytes: Uint8Array } | null = null;

/** Read `source` into blocks. Throws the named errors above, or a PDF error from pdf.js, for the panel to explain. */
export async function readSource(source: SourceRequest, options: ReadOptions): Promise<ReadSource> {
  switch (source.kind) {
    case "page":
      return readPage(source.tabId, options);
    case "selection":
      return readSelectionOf(source.tabId, source.text);
    case "pdf":
      return readPdf(await fetchPdf(source.url, options.signal), { url: source.url, tabId: source.tabId }, options);
    case "file":
      return readPdf(new Uint8Array(await source.file.arrayBuffer()), { name: source.file.name }, options);
  }
}

async function readPage(tabId: number, options: ReadOptions): Promise<ReadSource> {
  const url = (await browser.tabs.get(tabId)).url ?? "";
  // Firefox's PDF viewer shows a PDF at its own URL and runs no content script there.
  if (looksLikePdfUrl(url)) return readPdf(await fetchPdf(url, options.signal), { url, tabId }, options);
  if (!/^(https?|file):/i.test(url)) throw new UnreadableTabError("Add-ons may not read this kind of page.");
  let triedPdf = url.startsWith("file:");
  for (let attempt = 1; ; attempt++) {
    if (options.signal.aborted) throw new AbortedError();
    try {
      const article = await contentScriptOf(tabId).request("page/article", {});
      return {
        title: article.title || article.url,
        blocks: pageDocBlocks(article.blocks),
        origin: { kind: "page", tabId, blocks: article.blocks, siteName: article.siteName },
      };
    } catch (error) {
      if (!isNoReceiver(error)) throw error;
    }
    // No content script in a loaded tab: a PDF served without ".pdf" in its URL, or a page add-ons may not touch.
    // Only a tab whose title names a .pdf file (Firefox's viewer shows the file name) is fetched, with the user's
    // cookies, and its first bytes decide. A page still loading gets its content script at document_idle: ask again.
    const current = await browser.tabs.get(tabId);
    if (!triedPdf && current.status === "complete" && titleNamesPdf(current.title)) {
      triedPdf = true;
      const bytes = await fetchPdf(url, options.signal).catch((error: unknown) => {
        if (error instanceof NotPdfError || error instanceof PdfDownloadError) return null;
        throw error;
      });
      if (bytes) return readPdf(bytes, { url, tabId }, options);
    }
    if (attempt >= CONTENT_SCRIPT_TRIES) throw new UnreadableTabError(NO_CONTENT_SCRIPT);
    await new Promise((resolve) => setTimeout(resolve, CONTENT_SCRIPT_WAIT_MS));
  }
}

const NO_CONTENT_SCRIPT = "Hearth cannot read this tab: it runs no Hearth content script and does not look like a PDF.";

/** True when a tab's title ends in ".pdf", as Firefox's PDF viewer titles a PDF that has no title of its own. */
function titleNamesPdf(title: string | undefined): boolean {
  return title !== undefined && /\.pdf$/i.test(title.trim());
}

async function readSelectionOf(tabId: number, menuText: string): Promise<ReadSource> {
  // The menu's selectionText can be cut short; the content script has the whole selection.
  const selection = await contentScriptOf(tabId)
    .request("page/selection", {})
    .catch(() => null);
  const text = selection && selection.text.length >= menuText.trim().length ? selection.text : menuText;
  return { title: selection?.title ?? "", blocks: selectionDocBlocks(text), origin: { kind: "selection", tabId } };
}

async function fetchPdf(url: string, signal: AbortSignal): Promise<Uint8Array> {
  if (lastPdf?.url === url) return lastPdf.bytes;
  if (/^file:/i.test(url)) throw new LocalPdfError();
  let response: Response;
  try {
    // The user's own cookies (egress.ts) and the cache: the same file the tab shows, usually without downloading it
    // again.
    response = await egressFetch("tab-pdf", url, { signal, cache: "force-cache" });
  } catch (error) {
    if (signal.aborted) throw new AbortedError();
    throw new PdfDownloadError(error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw new PdfDownloadError(`HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!hasPdfHeader(bytes)) throw new NotPdfError();
  lastPdf = { url, bytes };
  return bytes;
}

async function readPdf(bytes: Uint8Array, from: { url?: string; tabId?: number | null; name?: string }, options: ReadOptions): Promise<ReadSource> {
  // pdf.js is loaded on first use: pages that never summarize a PDF do not pay for it.
  const { extractPdfText } = await import("../../pdf/extract");
  const pdf = await extractPdfText({
    data: bytes,
    workerSrc: browser.runtime.getURL("vendor/pdfjs/pdf.worker.mjs"),
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.range ? { range: options.range } : {}),
    signal: options.signal,
    ...(options.onPdfProgress ? { onProgress: options.onPdfProgress } : {}),
  });
  const fallbackTitle = from.name ?? (from.url ? pdfNameFromUrl(from.url) : "PDF");
  return {
    title: pdf.title ?? fallbackTitle,
    blocks: pdf.blocks,
    origin: {
      kind: "pdf",
      url: from.url ?? null,
      tabId: from.tabId ?? null,
      pageCount: pdf.pageCount,
      range: pdf.range,
      failedPages: pdf.failedPages,
      pagesWithoutText: pdf.pagesWithoutText,
    },
  };
}

/** True for the error tabs.sendMessage gives when the tab has no content script listening. */
export function isNoReceiver(error: unknown): boolean {
  return error instanceof Error && /Receiving end does not exist|Could not establish connection/i.test(error.message);
}
