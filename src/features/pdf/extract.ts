/**
 * PDF text extraction with pdf.js: page by page, with progress, a page range and cancellation, into document blocks
 * whose sourceRef names the page. Turns pdf.js failures into named errors the UI can act on (ask for a password, say
 * the file is broken or has no text layer), and keeps going past pages a damaged file cannot deliver.
 */

import type * as PdfJsModule from "pdfjs-dist";
import { AbortedError, ValidationError } from "../../shared/protocol/errors";
import type { DocBlock } from "../summarize/document";
import { layoutPage, type PositionedText } from "./layout";
import { BrokenPdfError, PdfNoTextLayerError, PdfPasswordRequiredError, PdfWrongPasswordError } from "./pdf-errors";
import { xrefRebuildCopy } from "./xref-rebuild";

type PdfJs = typeof PdfJsModule;
type PdfDocument = Awaited<ReturnType<PdfJs["getDocument"]>["promise"]>;

export interface PdfPageRange {
  /** 1-based, inclusive. */
  first: number;
  last: number;
}

export interface PdfProgress {
  /** Page just finished (1-based). */
  page: number;
  done: number;
  total: number;
}

export interface ExtractPdfOptions {
  data: ArrayBuffer | Uint8Array;
  /** URL of pdf.worker.mjs as shipped in the add-on; absent in Node, where pdf.js runs its worker in-thread. */
  workerSrc?: string;
  password?: string;
  range?: PdfPageRange;
  signal?: AbortSignal;
  onProgress?: (progress: PdfProgress) => void;
}

export interface PdfFailedPage {
  page: number;
  reason: string;
}

export interface PdfText {
  blocks: DocBlock[];
  pageCount: number;
  range: PdfPageRange;
  /** Pages that could not be read; the rest were extracted. */
  failedPages: PdfFailedPage[];
  /** Pages read without any text (blank, or a scanned image among text pages). */
  pagesWithoutText: number[];
  title?: string;
}

// pdf.js VerbosityLevel.ERRORS: warnings about missing standard font data are irrelevant to text extraction.
const ERRORS_ONLY = 0;

// The modern build: Hearth needs Firefox 142+, which has everything it uses (the legacy build's polyfills would ship
// code the add-on linter rightly flags). Node 20 lacks the Iterator helpers, so unit tests alias this import to the
// legacy build (vitest.config.ts). Loaded on first use so pages that never open a PDF do not pay for pdf.js.
let pdfjsModule: Promise<PdfJs> | null = null;

/**
 * Use another build of pdf.js, e.g. its legacy build in Node 20 (the bench), which lacks the Iterator helpers the
 * modern build needs. Call before the first extraction.
 */
export function usePdfJs(load: () => Promise<PdfJs>): void {
  pdfjsModule = load();
}

/** Extract the text of a PDF as blocks, one page at a time. */
export async function extractPdfText(options: ExtractPdfOptions): Promise<PdfText> {
  const pdfjs = await (pdfjsModule ??= import("pdfjs-dist"));
  if (options.workerSrc) pdfjs.GlobalWorkerOptions.workerSrc = options.workerSrc;
  const bytes = options.data instanceof Uint8Array ? options.data : new Uint8Array(options.data);
  if (bytes.length === 0) throw new BrokenPdfError();
  throwIfAborted(options.signal);

  // pdf.js takes ownership of (detaches) the bytes it is given; the caller keeps theirs for a retry with a password.
  const document = await openDocument(pdfjs, bytes.slice(), options);
  try {
    const range = clampRange(options.range, document.pdf.numPages);
    const total = range.last - range.first + 1;
    const pages = new Map<number, DocBlock[]>();
    const failures = new Map<number, string>();
    for (let page = range.first; page <= range.last; page++) {
      throwIfAborted(options.signal);
      try {
        pages.set(page, await readPage(document.pdf, page));
      } catch (error) {
        throwIfAborted(options.signal);
        failures.set(page, error instanceof Error ? error.message : String(error));
      }
      options.onProgress?.({ page, done: page - range.first + 1, total });
    }
    if (failures.size > 0) await retryWithRebuiltXref(pdfjs, bytes, options, failures, pages);
    if (failures.size === total) throw new BrokenPdfError();

    const blocks = [...pages.entries()].sort(([a], [b]) => a - b).flatMap(([, pageBlocks]) => pageBlocks);
    if (blocks.length === 0) throw new PdfNoTextLayerError();
    const pagesWithoutText = [...pages.entries()].filter(([, b]) => b.length === 0).map(([page]) => page).sort((a, b) => a - b);
    const failedPages = [...failures.entries()].map(([page, reason]) => ({ page, reason })).sort((a, b) => a.page - b.page);
    const result: PdfText = { blocks, pageCount: document.pdf.numPages, range, failedPages, pagesWithoutText };
    const title = await documentTitle(document.pdf);
    return title ? { ...result, title } : result;
  } finally {
    await document.close();
  }
}

async function openDocument(
  pdfjs: PdfJs,
  data: Uint8Array,
  options: ExtractPdfOptions,
): Promise<{ pdf: PdfDocument; close: () => Promise<void> }> {
  const task = pdfjs.getDocument({
    data,
    password: options.password,
    verbosity: ERRORS_ONLY,
    disableFontFace: true,
    useSystemFonts: false,
  });
  const abort = (): void => void task.destroy();
  options.signal?.addEventListener("abort", abort, { once: true });
  const close = async (): Promise<void> => {
    options.signal?.removeEventListener("abort", abort);
    await task.destroy();
  };
  try {
    return { pdf: await task.promise, close };
  } catch (error) {
    await close();
    throwIfAborted(options.signal);
    throw loadError(error, options.password);
  }
}

// What pdf.js rejects with when the file itself is bad (UnknownErrorException wraps the worker's FormatError).
const BAD_FILE_ERRORS = new Set(["InvalidPDFException", "UnknownErrorException", "FormatError"]);

function loadError(error: unknown, password: string | undefined): unknown {
  const name = error instanceof Error ? error.name : "";
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  if (name === "PasswordException") {
    // pdf.js PasswordResponses: 1 = NEED_PASSWORD, 2 = INCORRECT_PASSWORD.
    return code === 2 || (password !== undefined && password !== "") ? new PdfWrongPasswordError() : new PdfPasswordRequiredError();
  }
  // Anything else (the worker failed to start, out of memory) is not the file's fault and is passed on as is.
  return BAD_FILE_ERRORS.has(name) ? new BrokenPdfError() : error;
}

async function readPage(pdf: PdfDocument, pageNumber: number): Promise<DocBlock[]> {
  const page = await pdf.getPage(pageNumber);
  try {
    const content = await page.getTextContent();
    const runs: PositionedText[] = [];
    for (const item of content.items) {
      if (!("str" in item) || item.str === "") continue;
      const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
      // The vertical scale of the text matrix is the font size; item.height covers fonts with odd matrices.
      const fontSize = Math.hypot(c, d) || Math.hypot(a, b) || item.height;
      runs.push({ text: item.str, x, y, width: item.width, fontSize, dir: item.dir });
    }
    return layoutPage(runs).map((block) => ({ ...block, sourceRef: { page: pageNumber } }));
  } finally {
    page.cleanup();
  }
}

// A page whose objects the xref misplaces fails to load; pdf.js only rebuilds a broken xref while opening the file,
// so the failed pages are retried on a copy that makes it rebuild from the objects themselves.
async function retryWithRebuiltXref(
  pdfjs: PdfJs,
  bytes: Uint8Array,
  options: ExtractPdfOptions,
  failures: Map<number, string>,
  pages: Map<number, DocBlock[]>,
): Promise<void> {
  const copy = xrefRebuildCopy(bytes);
  if (!copy) return;
  let document: { pdf: PdfDocument; close: () => Promise<void> };
  try {
    document = await openDocument(pdfjs, copy, options);
  } catch {
    throwIfAborted(options.signal);
    return;
  }
  try {
    for (const page of [...failures.keys()]) {
      throwIfAborted(options.signal);
      try {
        const blocks = await readPage(document.pdf, page);
        // An empty page here is the rebuild failing to find its content, not a blank page.
        if (blocks.length === 0) continue;
        pages.set(page, blocks);
        failures.delete(page);
      } catch {
        throwIfAborted(options.signal);
      }
    }
  } finally {
    await document.close();
  }
}

function clampRange(range: PdfPageRange | undefined, pageCount: number): PdfPageRange {
  const first = Math.max(1, Math.floor(range?.first ?? 1));
  const last = Math.min(pageCount, Math.floor(range?.last ?? pageCount));
  if (!(first <= last)) throw new ValidationError(`Page range ${first}-${last} is outside this PDF's ${pageCount} pages.`);
  return { first, last };
}

async function documentTitle(pdf: PdfDocument): Promise<string | undefined> {
  try {
    const { info } = await pdf.getMetadata();
    const title = typeof info === "object" && info !== null && "Title" in info ? info.Title : undefined;
    return typeof title === "string" && title.trim() !== "" ? title.trim() : undefined;
  } catch {
    return undefined;
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError();
}
