/**
 * Scrolls the live page to a passage and marks it for a moment. The mark is Hearth's own element (inside a closed
 * shadow root, styled through CSSOM so a page's CSP cannot block it and its CSS cannot reach it); the page's own
 * elements are never changed. It follows the passage while the page scrolls, then fades out and is removed.
 */
import type { BlockAnchor } from "./extract-article";

const HOST_TAG = "hearth-passage-mark";
const SHOW_MS = 2200;
const FADE_MS = 400;

let current: { host: Element; stop: () => void } | null = null;

/** Scroll to `anchor`'s passage and highlight it. Returns false when the passage is no longer on the page. */
export function scrollToPassage(anchor: BlockAnchor, doc: Document = document): boolean {
  if (!anchor.first.isConnected || !anchor.last.isConnected) return false;
  const range = doc.createRange();
  range.setStart(anchor.first, 0);
  range.setEnd(anchor.last, anchor.last.length);
  // Nodes moved out of order since extraction collapse the range; the first node alone is still the right place.
  if (range.collapsed) range.selectNodeContents(anchor.first);
  const view = doc.defaultView;
  const target = anchor.first.parentElement;
  if (!view || !target) return false;
  const rect = range.getBoundingClientRect();
  const reduceMotion = view.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
  target.scrollIntoView({ block: rect.height > view.innerHeight * 0.8 ? "start" : "center", behavior: reduceMotion ? "auto" : "smooth" });
  markPassage(range, doc);
  return true;
}

/** Remove the highlight now (the page is going away, or another passage is being shown). */
export function clearPassageMark(): void {
  current?.stop();
  current?.host.remove();
  current = null;
}

function markPassage(range: Range, doc: Document): void {
  clearPassageMark();
  const view = doc.defaultView;
  if (!view) return;
  const host = doc.createElement(HOST_TAG);
  setStyles(host as HTMLElement, { position: "fixed", top: "0", left: "0", width: "0", height: "0", "z-index": "2147483647", "pointer-events": "none" });
  const box = doc.createElement("div");
  setStyles(box, {
    position: "fixed",
    "box-sizing": "border-box",
    background: "rgba(255, 196, 0, 0.28)",
    outline: "2px solid rgba(232, 150, 0, 0.9)",
    "border-radius": "4px",
    transition: `opacity ${FADE_MS}ms ease-out`,
    opacity: "1",
  });
  host.attachShadow({ mode: "closed" }).append(box);
  doc.documentElement.append(host);

  let frame = 0;
  const place = () => {
    const rect = range.getBoundingClientRect();
    setStyles(box, { top: `${rect.top - 3}px`, left: `${rect.left - 4}px`, width: `${rect.width + 8}px`, height: `${rect.height + 6}px` });
    frame = view.requestAnimationFrame(place);
  };
  place();
  const fade = view.setTimeout(() => setStyles(box, { opacity: "0" }), SHOW_MS);
  const done = view.setTimeout(clearPassageMark, SHOW_MS + FADE_MS);
  current = {
    host,
    stop: () => {
      view.cancelAnimationFrame(frame);
      view.clearTimeout(fade);
      view.clearTimeout(done);
    },
  };
}

function setStyles(element: HTMLElement, styles: Record<string, string>): void {
  for (const [name, value] of Object.entries(styles)) element.style.setProperty(name, value);
}
