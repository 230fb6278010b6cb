/**
 * Plain text of a run of inline article markup, with the links found in it (by offset into that text) and the images
 * it holds. The reader shows text only through textContent, so this is the one place markup becomes text.
 */

/** A link of the original article: its visible text and where that text starts in the block's text. */
export interface BlockLink {
  text: string;
  href: string;
  /** Offset of `text` in the text it was found in (the block's text). */
  start: number;
}

export interface BlockImage {
  src: string;
  alt: string;
}

/** Text with the links and images found in it. */
export interface InlineText {
  text: string;
  links: BlockLink[];
  images: BlockImage[];
}

interface Piece {
  text: string;
  anchor: Element | null;
}

// Content that is not article text, or that would act on its own if it were ever shown.
const IGNORED = new Set([
  "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "video", "audio",
  "source", "track", "form", "input", "button", "select", "textarea", "head", "link", "meta",
]);

/** Plain text of `nodes`, whitespace collapsed and trimmed, with their links and images. */
export function inlineText(nodes: Iterable<Node>, baseUrl: string | undefined, skip: (element: Element) => boolean = () => false): InlineText {
  const pieces: Piece[] = [];
  const images: BlockImage[] = [];
  const visit = (node: Node, anchor: Element | null): void => {
    if (node.nodeType === 3 /* TEXT_NODE */) return void pieces.push({ text: node.nodeValue ?? "", anchor });
    if (node.nodeType !== 1 /* ELEMENT_NODE */) return;
    const element = node as Element;
    const tag = element.localName;
    if (IGNORED.has(tag) || skip(element)) return;
    if (tag === "br") return void pieces.push({ text: " ", anchor });
    if (tag === "img") {
      const image = imageOf(element, baseUrl);
      if (image) images.push(image);
      return;
    }
    const inner = tag === "a" && linkHref(element, baseUrl) ? element : anchor;
    for (const child of Array.from(element.childNodes)) visit(child, inner);
  };
  for (const node of nodes) visit(node, null);
  return { ...joinPieces(pieces, baseUrl), images };
}

/** The image an <img> shows, when its source is one the reader may load. */
export function imageOf(element: Element, baseUrl: string | undefined): BlockImage | null {
  const src = safeUrl(element.getAttribute("src"), baseUrl, ["http:", "https:", "data:"]);
  if (!src || (src.startsWith("data:") && !/^data:image\//i.test(src))) return null;
  return { src, alt: collapse(element.getAttribute("alt") ?? "").trim() };
}

/** An absolute URL for `raw` when its scheme is in `schemes`; javascript:, blob: and the like give null. */
export function safeUrl(raw: string | null, baseUrl: string | undefined, schemes: readonly string[]): string | null {
  if (!raw || !raw.trim()) return null;
  try {
    const url = new URL(raw.trim(), baseUrl);
    return schemes.includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** Join lines of inline text with "\n", shifting each line's link offsets into the joined text. */
export function joinInline(lines: readonly InlineText[], separator = "\n"): InlineText {
  const links: BlockLink[] = [];
  let text = "";
  for (const [index, line] of lines.filter((candidate) => candidate.text !== "").entries()) {
    if (index > 0) text += separator;
    for (const link of line.links) links.push({ ...link, start: link.start + text.length });
    text += line.text;
  }
  return { text, links, images: lines.flatMap((line) => line.images) };
}

/** Collapse runs of whitespace to one space. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, " ");
}

function linkHref(anchor: Element, baseUrl: string | undefined): string | null {
  return safeUrl(anchor.getAttribute("href"), baseUrl, ["http:", "https:", "mailto:"]);
}

function joinPieces(pieces: readonly Piece[], baseUrl: string | undefined): Omit<InlineText, "images"> {
  let text = "";
  const spans: { anchor: Element; start: number; end: number }[] = [];
  for (const piece of pieces) {
    let part = collapse(piece.text);
    if (text === "" || text.endsWith(" ")) part = part.replace(/^ /, "");
    if (part === "") continue;
    const last = spans.at(-1);
    if (piece.anchor && last?.anchor === piece.anchor && last.end === text.length) last.end += part.length;
    else if (piece.anchor) spans.push({ anchor: piece.anchor, start: text.length, end: text.length + part.length });
    text += part;
  }
  text = text.trimEnd();
  const links: BlockLink[] = [];
  for (const span of spans) {
    const raw = text.slice(span.start, Math.min(span.end, text.length));
    const linkText = raw.trim();
    const href = linkHref(span.anchor, baseUrl);
    if (linkText === "" || !href) continue;
    links.push({ text: linkText, href, start: span.start + (raw.length - raw.trimStart().length) });
  }
  return { text, links };
}
