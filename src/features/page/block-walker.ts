/**
 * Splits a DOM tree into reading-order blocks (headings, paragraphs, list items) and remembers, for each block, the
 * text nodes its text came from, so a block can be traced back to the live page it was read from.
 */
import type { PageBlockKind } from "./protocol";

/** A block before it is numbered: its text, and the text nodes the text was read from, in order. */
export interface BlockDraft {
  kind: PageBlockKind;
  text: string;
  level?: number;
  nodes: Text[];
}

export interface WalkOptions {
  /** Return false to leave an element and everything under it out (hidden, or Hearth's own UI). */
  include?: (element: Element) => boolean;
}

const HEADINGS: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 };
// Elements that start a new block; everything else (a, em, span, code...) is inline and joins the current run.
const BLOCKS = new Set([
  "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div", "dl", "dt",
  "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "li", "main", "menu", "nav", "ol", "p",
  "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
]);
// Never text a reader sees as the page's content.
const SKIPPED = new Set([
  "audio", "button", "canvas", "embed", "head", "iframe", "input", "math", "noscript", "object", "option", "script",
  "select", "style", "svg", "template", "textarea", "title", "video",
]);

/** The blocks under `root`, in document order. Empty blocks are left out. */
export function walkBlocks(root: Element, options: WalkOptions = {}): BlockDraft[] {
  const out: BlockDraft[] = [];
  const include = options.include ?? (() => true);
  let run: (Text | " ")[] = [];
  let runKind: PageBlockKind = "paragraph";

  const flush = () => {
    push(out, runKind, run);
    run = [];
  };
  const add = (piece: Text | " ", kind: PageBlockKind) => {
    if (run.length === 0) runKind = kind;
    run.push(piece);
  };
  const visit = (element: Element, kind: PageBlockKind): void => {
    for (const child of Array.from(element.childNodes)) {
      if (child.nodeType === 3 /* TEXT_NODE */) {
        add(child as Text, kind);
        continue;
      }
      if (child.nodeType !== 1 /* ELEMENT_NODE */) continue;
      const el = child as Element;
      const tag = el.localName;
      if (SKIPPED.has(tag) || !include(el)) continue;
      if (tag === "br") {
        add(" ", kind);
      } else if (tag in HEADINGS) {
        flush();
        const nodes = textNodesUnder(el, include);
        push(out, "heading", nodes, HEADINGS[tag]);
      } else if (BLOCKS.has(tag)) {
        flush();
        visit(el, tag === "li" ? "list-item" : kind);
        flush();
      } else {
        // Inline: its text continues the current block (a block nested inside it still starts its own).
        visit(el, kind);
      }
    }
  };
  visit(root, "paragraph");
  flush();
  return out;
}

/** Text with runs of whitespace collapsed to one space and trimmed. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function push(out: BlockDraft[], kind: PageBlockKind, run: (Text | " ")[], level?: number): void {
  const text = collapseWhitespace(run.map((piece) => (piece === " " ? " " : piece.data)).join(""));
  if (text === "") return;
  const nodes = run.filter((piece): piece is Text => piece !== " " && piece.data.trim() !== "");
  out.push(level === undefined ? { kind, text, nodes } : { kind, text, level, nodes });
}

function textNodesUnder(element: Element, include: (element: Element) => boolean): (Text | " ")[] {
  const nodes: (Text | " ")[] = [];
  for (const child of Array.from(element.childNodes)) {
    if (child.nodeType === 3) nodes.push(child as Text);
    else if (child.nodeType === 1) {
      const el = child as Element;
      if (SKIPPED.has(el.localName) || !include(el)) continue;
      // A heading's text never runs words of two inner blocks together.
      if (el.localName === "br" || BLOCKS.has(el.localName)) nodes.push(" ");
      nodes.push(...textNodesUnder(el, include));
    }
  }
  return nodes;
}
