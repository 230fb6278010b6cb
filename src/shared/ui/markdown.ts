/**
 * Render untrusted model output: Markdown through marked, then DOMPurify (see sanitize-html.ts), never innerHTML.
 * Plain text goes through renderText, which only ever makes text nodes.
 *
 * Rendering is per top-level block (paragraph, list, code block...), both for a finished answer and while streaming,
 * so the two always produce the same DOM, a streamed update only redoes the blocks that changed, and a block that
 * fails the safety check falls back to plain text on its own without taking the rest of the answer with it.
 */

import { Marked, type Token, type TokensList } from "marked";
import { sanitizeToFragment } from "./sanitize-html.js";

/**
 * Our own marked instance, so options set elsewhere on the global `marked` cannot change what we emit.
 * Task-list checkboxes become plain characters because <input> is never allowed through the sanitizer.
 */
const markdown = new Marked({
  async: false,
  gfm: true,
  breaks: false,
  renderer: {
    checkbox: ({ checked }) => (checked ? "☑ " : "☐ "),
  },
});

/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) can make text display in a different order
 * than it reads, e.g. to disguise a link target. Natural right-to-left text does not need them.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

function lex(text: string): TokensList {
  return markdown.lexer(text.replace(BIDI_CONTROLS, ""));
}

/** `text` as a paragraph of text nodes and <br>s: what is shown when sanitized HTML fails the safety check. */
function plainParagraph(text: string, doc: Document): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  if (!text) return fragment;
  const p = doc.createElement("p");
  text.split("\n").forEach((line, i) => {
    if (i > 0) p.append(doc.createElement("br"));
    p.append(doc.createTextNode(line));
  });
  fragment.append(p);
  return fragment;
}

function renderBlock(token: Token, doc: Document): DocumentFragment {
  // Blank lines and reference definitions ("[1]: https://...") render to nothing.
  if (token.type === "space" || token.type === "def") return doc.createDocumentFragment();
  return sanitizeToFragment(markdown.parser([token]), doc) ?? plainParagraph(token.raw.trim(), doc);
}

/** Render Markdown from an untrusted source into a sanitized fragment owned by `doc`. */
export function renderMarkdown(text: string, doc: Document = document): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  for (const token of lex(text)) fragment.append(renderBlock(token, doc));
  return fragment;
}

/** Replace the contents of `el` with `text` rendered as sanitized Markdown. */
export function renderMarkdownInto(el: Element, text: string): void {
  el.replaceChildren(renderMarkdown(text, el.ownerDocument));
}

/** Replace the contents of `el` with `text` as one plain text node: nothing in it is interpreted. */
export function renderText(el: Element, text: string): void {
  el.replaceChildren(el.ownerDocument.createTextNode(text));
}

interface RenderedBlock {
  key: string;
  nodes: ChildNode[];
}

/**
 * Renders a growing answer into `el` while it streams. Each update lexes the whole text (cheap) but re-renders and
 * re-sanitizes only the blocks whose source changed, which while streaming is almost always just the last one, so
 * earlier paragraphs keep their DOM nodes (and the user's text selection in them).
 *
 * @example
 *   const view = new MarkdownStream(answerEl);
 *   for await (const chunk of stream) view.update((text += chunk.text));
 */
export class MarkdownStream {
  private blocks: RenderedBlock[] = [];
  private source = "";
  private linksKey = "{}";

  constructor(private readonly el: Element) {
    el.replaceChildren();
  }

  /** Show `text`, the whole answer so far (not just the newest chunk). */
  update(text: string): void {
    if (text === this.source) return;
    this.source = text;
    const tokens = lex(text);
    // Reference links are resolved while lexing, so a definition arriving late ("[1]: https://...") changes how
    // earlier blocks render even though their source did not change.
    const linksKey = JSON.stringify(tokens.links);
    if (linksKey !== this.linksKey) {
      this.linksKey = linksKey;
      this.removeBlocksFrom(0);
    }
    const keys = tokens.map((token) => `${token.type}\u0000${token.raw}`);
    let same = 0;
    while (same < this.blocks.length && same < keys.length && this.blocks[same]?.key === keys[same]) same++;
    this.removeBlocksFrom(same);
    const doc = this.el.ownerDocument;
    tokens.slice(same).forEach((token, i) => {
      const fragment = renderBlock(token, doc);
      this.blocks.push({ key: keys[same + i] ?? "", nodes: Array.from(fragment.childNodes) });
      this.el.append(fragment);
    });
  }

  /** The text last passed to update(). */
  text(): string {
    return this.source;
  }

  private removeBlocksFrom(index: number): void {
    for (const block of this.blocks.splice(index)) {
      for (const node of block.nodes) node.remove();
    }
  }
}
