/**
 * Reads a page's main text: Readability runs on a clone of the document (it rewrites the DOM it is given, and the
 * live page must stay untouched), and every block of the result is traced back to the live text nodes it came from,
 * so a summary point can scroll the real page to its passage. When Readability finds no article, the page's visible
 * text is used instead, read straight from the live DOM.
 */
import { Readability } from "@mozilla/readability";
import { collapseWhitespace, walkBlocks, type BlockDraft } from "./block-walker";
import type { PageArticle, PageBlock } from "./protocol";

/** The live text nodes a block starts and ends in. */
export interface BlockAnchor {
  first: Text;
  last: Text;
}

export interface Extraction {
  article: PageArticle;
  /** One per block, same order; null when none of the block's text could be traced to the live page. */
  anchors: (BlockAnchor | null)[];
}

// Readability's own threshold (charThreshold) for a result it considers an article.
const MIN_ARTICLE_CHARS = 500;
const SHOW_ELEMENT = 1; // NodeFilter.SHOW_ELEMENT
const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT

/** Extract the article of the live document `doc`, leaving `doc` unchanged. */
export function extractArticle(doc: Document): Extraction {
  const clone = doc.cloneNode(true) as Document;
  // cloneNode copies the tree node for node, so the n-th text node of the clone is the n-th of the live page.
  // Readability moves text nodes around but does not recreate them, so the map still holds after it ran.
  const { liveOf, hidden } = pairNodes(clone, doc);
  // Text a reader cannot see (display: none, hidden, aria-hidden) is a classic place to hide instructions for a
  // model; Readability only sees inline styles, so it is removed from the clone before Readability runs.
  for (const element of hidden) element.remove();
  let articleRoot: Element | null = null;
  const parsed = new Readability(clone, {
    serializer: (node) => {
      articleRoot = node as Element;
      // getHTML serializes (reads) the article; nothing here parses HTML into a live document.
      return (node as Element).getHTML();
    },
  }).parse();
  const drafts = articleRoot ? walkBlocks(articleRoot) : [];
  const url = doc.URL;
  const lang = nonEmpty(parsed?.lang) ?? nonEmpty(doc.documentElement.lang);
  const dir = nonEmpty(parsed?.dir) ?? nonEmpty(doc.documentElement.dir);
  const title = collapseWhitespace(nonEmpty(parsed?.title) ?? doc.title);

  const articleChars = drafts.reduce((sum, draft) => sum + draft.text.length, 0);
  // Readability returns its best guess even for pages with no article (a login form, a short notice); a guess below
  // its own article threshold is not the page's main text, and the page's visible text serves better.
  if (parsed && articleChars >= MIN_ARTICLE_CHARS) {
    return {
      article: {
        url,
        title,
        byline: nonEmpty(parsed.byline),
        siteName: nonEmpty(parsed.siteName),
        lang,
        dir,
        html: typeof parsed.content === "string" ? parsed.content : "",
        blocks: numbered(drafts),
        fallback: false,
      },
      anchors: drafts.map((draft) => anchorOf(draft.nodes.map((node) => liveOf.get(node)))),
    };
  }

  const visible = doc.body ? walkBlocks(doc.body, { include: isShownToReader }) : [];
  return {
    article: { url, title, byline: null, siteName: null, lang, dir, html: plainHtml(doc, visible), blocks: numbered(visible), fallback: true },
    anchors: visible.map((draft) => anchorOf(draft.nodes)),
  };
}

/** True for elements a reader of the live page can see and that are not Hearth's own in-page UI. */
export function isShownToReader(element: Element): boolean {
  if (element.localName.startsWith("hearth-") || element.hasAttribute("data-hearth-ui")) return false;
  if (element.getAttribute("aria-hidden") === "true" || element.hasAttribute("hidden")) return false;
  // checkVisibility needs layout; where it is missing, everything not hidden above counts.
  if (typeof element.checkVisibility !== "function" || element.checkVisibility({ visibilityProperty: true })) return true;
  // An element with display: contents has no box of its own, so checkVisibility says false, but its children show.
  return element.ownerDocument.defaultView?.getComputedStyle(element).display === "contents";
}

function pairNodes(clone: Document, live: Document): { liveOf: Map<Text, Text>; hidden: Element[] } {
  const liveOf = new Map<Text, Text>();
  const hidden: Element[] = [];
  const cloneWalker = clone.createTreeWalker(clone, SHOW_ELEMENT | SHOW_TEXT);
  const liveWalker = live.createTreeWalker(live, SHOW_ELEMENT | SHOW_TEXT);
  const body = live.body;
  let hiddenRoot: Node | null = null;
  for (;;) {
    const a = cloneWalker.nextNode();
    const b = liveWalker.nextNode();
    if (!a || !b) break;
    if (b.nodeType === 3) {
      liveOf.set(a as Text, b as Text);
      continue;
    }
    if (hiddenRoot?.contains(b) || !body?.contains(b) || b === body) continue;
    if (!isShownToReader(b as Element)) {
      hiddenRoot = b;
      hidden.push(a as Element);
    }
  }
  return { liveOf, hidden };
}

function anchorOf(nodes: (Text | undefined)[]): BlockAnchor | null {
  const live = nodes.filter((node): node is Text => node !== undefined);
  const first = live[0];
  const last = live.at(-1);
  return first && last ? { first, last } : null;
}

function numbered(drafts: readonly BlockDraft[]): PageBlock[] {
  return drafts.map((draft, index) => {
    const block: PageBlock = { kind: draft.kind, text: draft.text, sourceRef: { kind: "page", index } };
    if (draft.level !== undefined) block.level = draft.level;
    return block;
  });
}

// The fallback's `html` for the reader: the visible blocks as plain elements, built with textContent only.
function plainHtml(page: Document, drafts: readonly BlockDraft[]): string {
  const doc = page.implementation.createHTMLDocument("");
  const body = doc.body;
  let list: HTMLUListElement | null = null;
  for (const draft of drafts) {
    if (draft.kind === "list-item") {
      list ??= body.appendChild(doc.createElement("ul"));
      list.appendChild(doc.createElement("li")).textContent = draft.text;
      continue;
    }
    list = null;
    const tag = draft.kind === "heading" ? `h${Math.min(6, Math.max(1, draft.level ?? 2))}` : "p";
    body.appendChild(doc.createElement(tag)).textContent = draft.text;
  }
  return body.getHTML();
}

function nonEmpty(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
