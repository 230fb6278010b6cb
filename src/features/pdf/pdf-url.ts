/**
 * Recognizing PDFs without opening them: by URL (Firefox's built-in viewer shows a PDF at the PDF's own URL, where no
 * content script runs) and by the file's first bytes, which is what decides in the end.
 */

/** Context-menu link patterns for links that point at a PDF file (match patterns see the path and query). */
export const PDF_LINK_PATTERNS = ["*://*/*.pdf", "*://*/*.pdf?*", "*://*/*.PDF", "*://*/*.PDF?*", "file:///*.pdf", "file:///*.PDF"];

// PDF readers accept the header anywhere in the first kilobyte (ISO 32000-2, 7.5.2 and Adobe's implementation note).
const HEADER_WINDOW = 1024;
const MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/** True when `url`'s path ends in ".pdf" (query and fragment ignored). */
export function looksLikePdfUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return /\.pdf$/i.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

/** True when `bytes` start (within the first kilobyte) with the "%PDF-" header. */
export function hasPdfHeader(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, HEADER_WINDOW) - MAGIC.length;
  for (let i = 0; i <= end; i++) {
    if (MAGIC.every((byte, k) => bytes[i + k] === byte)) return true;
  }
  return false;
}

/** `url` opened at page `page` in Firefox's PDF viewer (the #page=N open parameter). */
export function pdfPageUrl(url: string, page: number): string {
  const base = url.split("#")[0] ?? url;
  return `${base}#page=${page}`;
}

/** A file name for a PDF shown at `url`, for a title when the PDF has none. */
export function pdfNameFromUrl(url: string): string {
  try {
    const name = decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "");
    return name === "" ? url : name;
  } catch {
    return url;
  }
}
