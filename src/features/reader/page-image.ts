/**
 * Copies an image the page has already loaded into a data: URL, so the reader view can show it without any network
 * request of its own (its CSP allows only 'self' and data: images). Runs in the content script, in the page.
 *
 * Only images the page shows are copied: one that is not loaded yet, or that another site serves without CORS (the
 * canvas is then "tainted" and refuses to export), is refused with a reason the reader shows.
 */
import type { PageImageReply } from "./protocol";

/** Longest side of the copy, in pixels: enough for a reading column, small enough to cross a message quickly. */
const MAX_SIDE = 1600;

/** The page's <img> showing `src` (by src, the source srcset chose, or a srcset entry), if any. */
export function findPageImage(doc: Document, src: string): HTMLImageElement | null {
  const images = Array.from(doc.querySelectorAll("img"));
  const shows = (img: HTMLImageElement) =>
    img.src === src || img.currentSrc === src || candidates(img.srcset, doc.baseURI).includes(src);
  // Prefer a loaded copy when the page holds the same image twice (a lazy placeholder and the real one).
  return images.find((img) => shows(img) && img.complete && img.naturalWidth > 0) ?? images.find(shows) ?? null;
}

/** A data: URL of the page's image `src`, or why it cannot be copied. */
export function copyPageImage(doc: Document, src: string): PageImageReply {
  const img = findPageImage(doc, src);
  if (!img) return { refused: "not-found" };
  if (!img.complete || img.naturalWidth === 0) return { refused: "not-loaded" };
  const scale = Math.min(1, MAX_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
  const canvas = doc.createElement("canvas");
  canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
  canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
  const context = canvas.getContext("2d");
  if (!context) return { refused: "not-loaded" };
  context.drawImage(img, 0, 0, canvas.width, canvas.height);
  try {
    // WebP keeps transparency and is far smaller than PNG for photos.
    return { dataUrl: canvas.toDataURL("image/webp", 0.9) };
  } catch {
    return { refused: "other-site" };
  }
}

function candidates(srcset: string, base: string): string[] {
  if (!srcset) return [];
  return srcset.split(",").flatMap((entry) => {
    const url = entry.trim().split(/\s+/)[0];
    if (!url) return [];
    try {
      return [new URL(url, base).href];
    } catch {
      return [];
    }
  });
}
