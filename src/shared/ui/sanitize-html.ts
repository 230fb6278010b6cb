/**
 * The one place where HTML produced from untrusted text (model output rendered by marked) becomes DOM.
 *
 * Threat model: the text may be steered by a hostile web page (prompt injection), so anything that runs code, loads a
 * resource or submits data must not survive. Loading is the subtle part: a remote image or stylesheet would tell a
 * third party what the user is reading, so images become text and no CSS is kept at all.
 *
 * DOMPurify does the sanitizing. Afterwards a separate check (findUnsafe) looks at the result against the same
 * allow-lists and, if anything is off, the caller shows plain text instead. That check never repairs anything; it
 * exists because DOMPurify is only as good as the DOM it runs on (it silently passes everything through when the DOM
 * is not one it supports, e.g. happy-dom: cure53/DOMPurify#1457), and a bypass should degrade to text, not to code.
 */

import createDOMPurify, { type Config, type DOMPurify } from "dompurify";

/** Tags that Markdown itself produces. `img` is let through only so it can be turned into text; see imagesToText. */
const ALLOWED_TAGS = [
  "a",
  "blockquote",
  "br",
  "code",
  "del",
  "em",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "img",
  "kbd",
  "li",
  "ol",
  "p",
  "pre",
  "s",
  "strong",
  "sub",
  "sup",
  "table",
  "tbody",
  "td",
  "th",
  "thead",
  "tr",
  "ul",
];

/** No `src`, `srcset`, `style`, `id`, `name` or handlers: nothing that loads, styles or clobbers. */
const ALLOWED_ATTR = ["href", "title", "alt", "align", "start", "class"];

/** Absolute http(s) and mailto only: relative links would resolve against the add-on's own moz-extension:// origin. */
const SAFE_URL = /^(?:https?:\/\/|mailto:)/i;

/** Code blocks carry `language-xyz` for highlighting; any other class could mimic the add-on's own UI. */
const SAFE_CLASS = /^language-[\w+#.-]{1,40}$/;

const HTML_NAMESPACE = "http://www.w3.org/1999/xhtml";

const CONFIG = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOWED_URI_REGEXP: SAFE_URL,
  // DOMPurify checks every attribute not on its URI-safe list against ALLOWED_URI_REGEXP, which would drop these.
  ADD_URI_SAFE_ATTR: ["align", "start"],
  ALLOWED_NAMESPACES: [HTML_NAMESPACE],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // Belt and braces: even if the allow-lists above are widened one day, these stay out.
  FORBID_TAGS: ["script", "style", "iframe", "object", "embed", "form", "input", "svg", "math", "link", "meta", "base"],
  FORBID_ATTR: ["style", "srcset", "src", "poster", "background", "action", "formaction", "ping", "xlink:href"],
  RETURN_DOM_FRAGMENT: true,
} satisfies Config & { RETURN_DOM_FRAGMENT: true };

/** Make a link open in a new tab with no opener and no referrer, and show its real target on hover. */
export function secureLink(link: Element): void {
  const href = link.getAttribute("href");
  // Link text like "https://bank.example" may point somewhere else entirely; the title shows where it really goes.
  if (href !== null) link.setAttribute("title", href);
  link.setAttribute("target", "_blank");
  link.setAttribute("rel", "noopener noreferrer");
}

/** One purifier per window, created on first use with our hooks on it, so other DOMPurify users never see them. */
const purifiers = new WeakMap<Window, DOMPurify>();

function purifierFor(view: Window & typeof globalThis): DOMPurify {
  const existing = purifiers.get(view);
  if (existing) return existing;
  const purifier = createDOMPurify(view);
  purifier.addHook("uponSanitizeAttribute", (node, event) => {
    if (event.attrName === "class" && !(node.localName === "code" && SAFE_CLASS.test(event.attrValue))) {
      event.keepAttr = false;
    }
  });
  purifier.addHook("afterSanitizeAttributes", (node) => {
    if (node.localName === "a") secureLink(node);
  });
  purifiers.set(view, purifier);
  return purifier;
}

/**
 * Replace every <img> with a text node "[image: alt]". The caller runs it before the nodes reach a live document, and
 * `src`/`srcset` are never allowed through anyway, so nothing is fetched.
 */
export function imagesToText(root: ParentNode): void {
  for (const img of Array.from(root.querySelectorAll("img"))) {
    const alt = (img.getAttribute("alt") ?? "").replace(/\s+/g, " ").trim();
    img.replaceWith(img.ownerDocument.createTextNode(alt ? `[image: ${alt}]` : "[image]"));
  }
}

const ALLOWED_TAG_SET = new Set(ALLOWED_TAGS.filter((tag) => tag !== "img"));
const ALLOWED_ATTR_SET = new Set([...ALLOWED_ATTR, "target", "rel"]);

/** Every reason `root` is not safe to show, in words; empty when it only holds what the allow-lists permit. */
export function findUnsafe(root: ParentNode): string[] {
  const problems: string[] = [];
  for (const el of Array.from(root.querySelectorAll("*"))) {
    const tag = el.localName;
    if (el.namespaceURI !== HTML_NAMESPACE || !ALLOWED_TAG_SET.has(tag)) problems.push(`<${tag}> is not allowed`);
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (!ALLOWED_ATTR_SET.has(name)) problems.push(`${name} on <${tag}> is not allowed`);
      else if (name === "href" && !SAFE_URL.test(attr.value)) problems.push(`href "${attr.value}" is not allowed`);
      else if (name === "class" && !(tag === "code" && SAFE_CLASS.test(attr.value))) problems.push(`class on <${tag}>`);
    }
    if (tag === "a" && (el.getAttribute("rel") !== "noopener noreferrer" || el.getAttribute("target") !== "_blank")) {
      problems.push("a link without target=_blank and rel=noopener noreferrer");
    }
  }
  return problems;
}

/**
 * Sanitize an HTML string into a fragment that is safe to insert into `doc`: no code, no loads, links open safely.
 * Returns null when the result fails the independent safety check; show the source as plain text then.
 */
export function sanitizeToFragment(html: string, doc: Document): DocumentFragment | null {
  const view = doc.defaultView;
  if (!view) throw new Error("sanitizeToFragment needs a document that belongs to a window");
  const purifier = purifierFor(view);
  if (!purifier.isSupported) return null;
  // Unsupported or broken DOMs can hand back the input string itself instead of a fragment.
  const cleaned: unknown = purifier.sanitize(html, CONFIG);
  if (!(cleaned instanceof view.DocumentFragment)) return null;
  // Still inside DOMPurify's inert DOMParser document here, so nothing below can trigger a fetch.
  imagesToText(cleaned);
  if (findUnsafe(cleaned).length > 0) return null;
  return doc.importNode(cleaned, true);
}

const probes = new WeakMap<Document, boolean>();

/**
 * True when DOMPurify really sanitizes in this document's DOM. When false every render falls back to plain text; the
 * UI can say so, and tests use it to tell which path they are exercising.
 */
export function sanitizerWorks(doc: Document): boolean {
  const known = probes.get(doc);
  if (known !== undefined) return known;
  const probe = '<p><a href="https://example.com/">a</a><b onclick="x">b</b></p><script></script>';
  const fragment = sanitizeToFragment(probe, doc);
  const works = fragment !== null && fragment.querySelectorAll("p > a[target=_blank]").length === 1;
  probes.set(doc, works);
  return works;
}
