/**
 * Turns the article HTML that Readability produced into the reader's ordered blocks: headings, paragraphs, lists,
 * quotes, images, figures, tables and code, each as plain text plus the links and images of the original.
 *
 * The HTML is parsed by DOMParser into a detached document, where nothing runs or loads; it is never inserted into a
 * live page. The reader builds its DOM from these blocks with createElement/textContent only (render-blocks.ts).
 */
import { collapse, imageOf, inlineText, joinInline, type BlockImage, type BlockLink, type InlineText } from "./inline-text";

export type { BlockImage, BlockLink } from "./inline-text";

export type BlockKind = "heading" | "paragraph" | "list" | "quote" | "image" | "figure" | "table" | "code";

export interface ArticleBlock {
  /** "b0", "b1", ... in reading order; the reader's elements carry it as data-block-id. */
  id: string;
  kind: BlockKind;
  /**
   * Plain text. A list holds one item per line ("\n"), a quote one paragraph per line, a table one row per line with
   * cells separated by "\t"; code keeps its whitespace; an image holds its alt text, a figure its caption.
   */
  text: string;
  /** Heading level, 1 to 6. */
  level?: number;
  /** For a list: numbered (ol) or not. */
  ordered?: boolean;
  /** For a table: how many leading rows are header rows. */
  headerRows?: number;
  /** Links of the original, with offsets into `text`. */
  links: BlockLink[];
  images: BlockImage[];
}

export interface ArticleBlocksOptions {
  /** The page's URL, to resolve any relative link or image Readability left. */
  baseUrl?: string;
}

type Draft = Omit<ArticleBlock, "id">;

const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);
const CONTAINERS = new Set(["div", "section", "article", "main", "header", "footer", "aside", "nav", "details", "summary", "center", "hgroup", "body", "address"]);
const BLOCK_TAGS = new Set([...HEADINGS, ...CONTAINERS, "p", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "table", "figure", "hr"]);
const SKIPPED = new Set(["hr", "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "video", "audio", "form", "button", "input", "select", "textarea"]);

/** The article's blocks in reading order, from Readability's `content` HTML. */
export function articleBlocks(contentHtml: string, options: ArticleBlocksOptions = {}): ArticleBlock[] {
  const doc = new DOMParser().parseFromString(contentHtml, "text/html");
  const drafts: Draft[] = [];
  walk(doc.body, drafts, options.baseUrl);
  return drafts.map((draft, index) => ({ id: `b${index}`, ...draft }));
}

/** Blocks whose text the model rewrites; the others are shown as they are. */
export function isSimplifiable(block: ArticleBlock): boolean {
  return (block.kind === "paragraph" || block.kind === "list" || block.kind === "quote") && block.text.trim() !== "";
}

/** The pieces of a block's text the model rewrites one by one: list items and quote paragraphs are separate. */
export function blockUnits(block: ArticleBlock): string[] {
  return block.text.split("\n");
}

function walk(container: Element, out: Draft[], baseUrl: string | undefined): void {
  let run: Node[] = [];
  const flush = () => {
    if (run.length > 0) pushInline(inlineText(run, baseUrl), out);
    run = [];
  };
  for (const child of Array.from(container.childNodes)) {
    if (child.nodeType !== 1 /* ELEMENT_NODE */) {
      if (child.nodeType === 3 /* TEXT_NODE */) run.push(child);
      continue;
    }
    const element = child as Element;
    const tag = element.localName;
    if (SKIPPED.has(tag)) {
      flush();
      continue;
    }
    if (!BLOCK_TAGS.has(tag) && !hasBlockInside(element)) {
      run.push(element);
      continue;
    }
    flush();
    readBlock(element, out, baseUrl);
  }
  flush();
}

function readBlock(element: Element, out: Draft[], baseUrl: string | undefined): void {
  const tag = element.localName;
  if (HEADINGS.has(tag)) {
    const heading = inlineText([element], baseUrl);
    if (heading.text) out.push({ kind: "heading", level: Number(tag.slice(1)), ...heading });
    else pushImages(heading.images, out);
  } else if (tag === "p" || tag === "dt" || tag === "dd" || tag === "li") {
    // A p holding blocks is invalid HTML, but a div Readability renamed to p can.
    if (hasBlockInside(element)) walk(element, out, baseUrl);
    else pushInline(inlineText([element], baseUrl), out);
  } else if (tag === "ul" || tag === "ol" || tag === "dl") {
    const list = joinInline(listItems(element, baseUrl));
    if (list.text) out.push({ kind: "list", ordered: tag === "ol", ...list });
    else pushImages(list.images, out);
  } else if (tag === "blockquote") {
    const inner: Draft[] = [];
    walk(element, inner, baseUrl);
    const quote = joinInline(inner.flatMap(quoteLines));
    if (quote.text) out.push({ kind: "quote", ...quote });
    else pushImages(quote.images, out);
  } else if (tag === "pre") {
    const code = (element.textContent ?? "").replace(/^\n/, "").trimEnd();
    if (code.trim()) out.push({ kind: "code", text: code, links: [], images: [] });
  } else if (tag === "table") {
    readTable(element, out, baseUrl);
  } else if (tag === "figure") {
    readFigure(element, out, baseUrl);
  } else {
    walk(element, out, baseUrl);
  }
}

function pushInline(inline: InlineText, out: Draft[]): void {
  if (inline.text) out.push({ kind: "paragraph", ...inline });
  else pushImages(inline.images, out);
}

function pushImages(images: readonly BlockImage[], out: Draft[]): void {
  for (const image of images) out.push({ kind: "image", text: image.alt, links: [], images: [image] });
}

// Nested lists are flattened into the outer list, each item after its parent, so no item is lost.
function listItems(list: Element, baseUrl: string | undefined): InlineText[] {
  const items: InlineText[] = [];
  for (const item of Array.from(list.children)) {
    if (!["li", "dt", "dd"].includes(item.localName)) {
      if (item.localName === "ul" || item.localName === "ol") items.push(...listItems(item, baseUrl));
      continue;
    }
    const isNested = (element: Element) => ["ul", "ol", "dl"].includes(element.localName);
    items.push(inlineText(Array.from(item.childNodes), baseUrl, isNested));
    for (const nested of Array.from(item.querySelectorAll("ul, ol, dl"))) {
      // Only lists directly under this item; deeper ones are reached through them.
      if (nested.parentElement?.closest("li, dt, dd") === item) items.push(...listItems(nested, baseUrl));
    }
  }
  return items;
}

// A block inside a quote as quote lines: one per list item or paragraph; code and tables become one line each.
function quoteLines(block: Draft): InlineText[] {
  if (block.kind === "code" || block.kind === "table") return [{ text: collapse(block.text).trim(), links: [], images: block.images }];
  let offset = 0;
  return block.text.split("\n").map((line, index) => {
    const start = offset;
    offset += line.length + 1;
    const links = block.links.filter((link) => link.start >= start && link.start < start + line.length).map((link) => ({ ...link, start: link.start - start }));
    return { text: line, links, images: index === 0 ? block.images : [] };
  });
}

function readTable(table: Element, out: Draft[], baseUrl: string | undefined): void {
  const caption = table.querySelector(":scope > caption");
  if (caption) pushInline(inlineText([caption], baseUrl), out);
  const rows = Array.from(table.querySelectorAll("tr")).filter((row) => row.closest("table") === table);
  const lines = rows.map((row) => joinInline(Array.from(row.children).map((cell) => inlineText([cell], baseUrl)), "\t"));
  let headerRows = 0;
  for (const row of rows) {
    const cells = Array.from(row.children);
    const isHeader = row.parentElement?.localName === "thead" || (cells.length > 0 && cells.every((cell) => cell.localName === "th"));
    if (!isHeader) break;
    headerRows++;
  }
  const body = joinInline(lines);
  if (body.text) out.push({ kind: "table", headerRows, ...body });
  else pushImages(body.images, out);
}

function readFigure(figure: Element, out: Draft[], baseUrl: string | undefined): void {
  const caption = figure.querySelector("figcaption");
  const images = Array.from(figure.querySelectorAll("img"))
    .filter((img) => !caption?.contains(img))
    .map((img) => imageOf(img, baseUrl))
    .filter((image) => image !== null);
  if (images.length === 0) {
    // A figure around a quote, table or code sample: read what it holds.
    walk(figure, out, baseUrl);
    return;
  }
  const captionText = caption ? inlineText([caption], baseUrl) : { text: "", links: [], images: [] };
  out.push({ kind: "figure", text: captionText.text, links: captionText.links, images });
}

function hasBlockInside(element: Element): boolean {
  return Array.from(element.querySelectorAll("*")).some((inner) => BLOCK_TAGS.has(inner.localName));
}
