/**
 * Builds the reader's DOM from article blocks with createElement and textContent only: no string of page text or
 * model output is ever parsed as HTML. Each block becomes one wrapper element carrying data-block-id, so the view can
 * swap a block between its original and simplified forms in place.
 */
import type { ArticleBlock } from "./article-blocks";
import type { BlockImage, BlockLink } from "./inline-text";
import { linkOriginal, relink, type TextSegment } from "./relink";

export interface RenderLabels {
  /** Shown before the original's links that no longer fit in the simplified text. */
  originalLinks: string;
  /**
   * Builds what stands for an image. The default is an <img> with the original src; the reader view passes its own,
   * because an <img> starts loading its src as soon as it is created, even before it is attached.
   */
  image?: (doc: Document, image: BlockImage) => HTMLElement;
}

const DEFAULT_LABELS: RenderLabels = { originalLinks: "Links from the original:" };

/** The whole article as shown originally: one wrapper per block, in order. */
export function renderArticle(doc: Document, blocks: readonly ArticleBlock[], labels: RenderLabels = DEFAULT_LABELS): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  for (const block of blocks) fragment.append(renderBlock(doc, block, undefined, labels));
  return fragment;
}

/**
 * One block's wrapper: the original when `simplified` is absent, otherwise the model's plain text with the original's
 * links placed where their text still occurs (the rest listed after it) and the original's images kept.
 */
export function renderBlock(doc: Document, block: ArticleBlock, simplified?: string, labels: RenderLabels = DEFAULT_LABELS): HTMLElement {
  const wrapper = doc.createElement("div");
  wrapper.className = "reader-block";
  wrapper.dataset.blockId = block.id;
  wrapper.dataset.kind = block.kind;
  wrapper.dataset.showing = simplified === undefined ? "original" : "simplified";
  wrapper.append(...renderContent(doc, block, simplified, labels));
  return wrapper;
}

/** Fill the wrapper of `block` again, e.g. when the reader toggles it between original and simplified. */
export function updateBlock(wrapper: HTMLElement, block: ArticleBlock, simplified?: string, labels: RenderLabels = DEFAULT_LABELS): void {
  const doc = wrapper.ownerDocument;
  wrapper.dataset.showing = simplified === undefined ? "original" : "simplified";
  wrapper.replaceChildren(...renderContent(doc, block, simplified, labels));
}

function renderContent(doc: Document, block: ArticleBlock, simplified: string | undefined, labels: RenderLabels): Node[] {
  const lines = lineSegments(block, simplified);
  const imageElement = labels.image ?? defaultImage;
  const nodes: Node[] = [];
  switch (block.kind) {
    case "heading": {
      const level = Math.min(6, Math.max(1, block.level ?? 2));
      nodes.push(withSegments(doc.createElement(`h${level}`), lines.segments[0] ?? []));
      break;
    }
    case "paragraph": {
      const paragraph = withSegments(doc.createElement("p"), lines.segments[0] ?? []);
      paragraph.append(...block.images.map((image) => imageElement(doc, image)));
      nodes.push(paragraph);
      break;
    }
    case "list": {
      const list = doc.createElement(block.ordered ? "ol" : "ul");
      for (const segments of lines.segments) list.append(withSegments(doc.createElement("li"), segments));
      nodes.push(list, ...block.images.map((image) => imageElement(doc, image)));
      break;
    }
    case "quote": {
      const quote = doc.createElement("blockquote");
      for (const segments of lines.segments) quote.append(withSegments(doc.createElement("p"), segments));
      quote.append(...block.images.map((image) => imageElement(doc, image)));
      nodes.push(quote);
      break;
    }
    case "image":
    case "figure": {
      const figure = doc.createElement("figure");
      figure.append(...block.images.map((image) => imageElement(doc, image)));
      if (block.kind === "figure" && block.text) figure.append(withSegments(doc.createElement("figcaption"), linkOriginal(block.text, block.links)));
      nodes.push(figure);
      break;
    }
    case "table":
      nodes.push(tableElement(doc, block));
      break;
    case "code": {
      const pre = doc.createElement("pre");
      const code = doc.createElement("code");
      code.textContent = block.text;
      pre.append(code);
      nodes.push(pre);
      break;
    }
  }
  if (lines.unplaced.length > 0) nodes.push(originalLinksElement(doc, lines.unplaced, labels));
  return nodes;
}

// Links of a list or quote belong to their own line; simplified lines are matched to original lines by position.
function lineSegments(block: ArticleBlock, simplified: string | undefined): { segments: TextSegment[][]; unplaced: BlockLink[] } {
  const originals = splitLines(block);
  if (simplified === undefined) return { segments: originals.map((line) => linkOriginal(line.text, line.links)), unplaced: [] };
  const lines = simplified.split("\n");
  if (lines.length === originals.length) {
    const placed = lines.map((line, index) => relink(line, originals[index]?.links ?? []));
    return { segments: placed.map((line) => line.segments), unplaced: placed.flatMap((line) => line.unplaced) };
  }
  let pool = block.links;
  const segments = lines.map((line) => {
    const placed = relink(line, pool);
    pool = placed.unplaced;
    return placed.segments;
  });
  return { segments, unplaced: pool };
}

function splitLines(block: ArticleBlock): { text: string; links: BlockLink[] }[] {
  let offset = 0;
  return block.text.split("\n").map((text) => {
    const start = offset;
    offset += text.length + 1;
    const links = block.links
      .filter((link) => link.start >= start && link.start + link.text.length <= start + text.length)
      .map((link) => ({ ...link, start: link.start - start }));
    return { text, links };
  });
}

function withSegments<E extends HTMLElement>(element: E, segments: readonly TextSegment[]): E {
  for (const segment of segments) {
    element.append(segment.href === undefined ? segment.text : linkElement(element.ownerDocument, segment.text, segment.href));
  }
  return element;
}

function linkElement(doc: Document, text: string, href: string): HTMLAnchorElement {
  const link = doc.createElement("a");
  link.href = href;
  link.textContent = text;
  link.target = "_blank";
  link.rel = "noopener noreferrer";
  return link;
}

function defaultImage(doc: Document, image: BlockImage): HTMLImageElement {
  const img = doc.createElement("img");
  img.src = image.src;
  img.alt = image.alt;
  img.loading = "lazy";
  img.referrerPolicy = "no-referrer";
  return img;
}

function tableElement(doc: Document, block: ArticleBlock): HTMLTableElement {
  const table = doc.createElement("table");
  const head = doc.createElement("thead");
  const body = doc.createElement("tbody");
  for (const [index, row] of splitLines(block).entries()) {
    const isHeader = index < (block.headerRows ?? 0);
    const tr = doc.createElement("tr");
    let offset = 0;
    for (const cell of row.text.split("\t")) {
      const start = offset;
      offset += cell.length + 1;
      const links = row.links.filter((link) => link.start >= start && link.start < start + cell.length).map((link) => ({ ...link, start: link.start - start }));
      tr.append(withSegments(doc.createElement(isHeader ? "th" : "td"), linkOriginal(cell, links)));
    }
    (isHeader ? head : body).append(tr);
  }
  if (head.childElementCount > 0) table.append(head);
  table.append(body);
  return table;
}

function originalLinksElement(doc: Document, links: readonly BlockLink[], labels: RenderLabels): HTMLElement {
  const paragraph = doc.createElement("p");
  paragraph.className = "reader-original-links";
  paragraph.append(labels.originalLinks);
  for (const [index, link] of links.entries()) paragraph.append(index === 0 ? " " : ", ", linkElement(doc, link.text, link.href));
  return paragraph;
}
