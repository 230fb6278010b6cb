/**
 * Which elements page translation walks into, keeps inside a sentence, keeps untouched, or leaves alone, and which
 * attributes carry words a reader sees. One place for these rules so segmentation and the mutation follower agree.
 */

/** How segmentation treats an element. */
export type ElementRole =
  /** Starts its own translation units; text around it belongs to other units. */
  | "block"
  /** Stays inside the sentence as a paired placeholder; its text is translated with the sentence. */
  | "inline"
  /** Stays inside the sentence as a self-closing placeholder and is never changed. */
  | "opaque"
  /** Ends the current sentence and is left alone entirely, with everything inside it. */
  | "skip";

// Phrasing elements whose text reads as part of the surrounding sentence.
const inlineTags = new Set([
  "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "button", "cite", "data", "del", "dfn", "em", "font", "i", "ins",
  "label", "mark", "nobr", "q", "s", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u",
]);

// Phrasing elements that sit inside a sentence but whose content is not prose (or has none).
const opaqueTags = new Set([
  "audio", "br", "canvas", "code", "embed", "iframe", "img", "input", "kbd", "math", "meter", "noscript", "object",
  "output", "picture", "progress", "ruby", "samp", "script", "select", "style", "svg", "template", "textarea",
  "var", "video", "wbr",
]);

// Blocks whose content is code or document metadata rather than prose on the page.
const skippedBlockTags = new Set(["pre", "head", "base", "link", "meta"]);

const translatableAttributes = ["title", "alt", "placeholder", "aria-label"] as const;
const buttonInputTypes = new Set(["button", "submit", "reset"]);

/** True when the page asked for this element not to be translated, or the user edits it. */
export function isExcludedByPage(element: Element): boolean {
  if (!element.hasAttributes()) return false;
  const translate = element.getAttribute("translate");
  if (translate !== null && translate.trim().toLowerCase() === "no") return true;
  // Reading the class string first spares building a token list for the many elements without this class.
  const className = element.getAttribute("class");
  if (className !== null && className.includes("notranslate") && element.classList.contains("notranslate")) return true;
  const editable = element.getAttribute("contenteditable");
  return editable !== null && editable.trim().toLowerCase() !== "false";
}

/** The role of an element, before looking at what it contains. */
export function elementRole(element: Element): ElementRole {
  const tag = element.localName;
  const phrasing = inlineTags.has(tag) || opaqueTags.has(tag);
  if (isExcludedByPage(element)) return phrasing ? "opaque" : "skip";
  if (opaqueTags.has(tag)) return "opaque";
  if (inlineTags.has(tag)) return "inline";
  if (skippedBlockTags.has(tag) || element.namespaceURI !== "http://www.w3.org/1999/xhtml") return "skip";
  // Custom elements are inline by default CSS; the walk promotes one to a block when it holds blocks or a shadow root.
  return tag.includes("-") ? "inline" : "block";
}

/** True for opaque elements that are still worth reading attributes from (an image's alt, an input's placeholder). */
export function hasReadableAttributes(element: Element): boolean {
  if (isExcludedByPage(element)) return false;
  const tag = element.localName;
  return tag !== "script" && tag !== "style" && tag !== "template" && tag !== "noscript" && tag !== "code" &&
    tag !== "svg" && tag !== "math";
}

/** The names of the attributes of `element` whose values a reader sees as words, in a stable order. */
export function readableAttributeNames(element: Element): string[] {
  const names: string[] = [];
  if (!element.hasAttributes()) return names;
  for (const name of translatableAttributes) {
    if (element.hasAttribute(name)) names.push(name);
  }
  if (element.localName === "input" && element.hasAttribute("value")) {
    const type = (element.getAttribute("type") ?? "").trim().toLowerCase();
    if (buttonInputTypes.has(type)) names.push("value");
  }
  return names;
}

/** True when the string has at least one letter in any script; strings of digits, symbols and spaces are skipped. */
export function hasLetters(text: string): boolean {
  return /\p{L}/u.test(text);
}

/** True when `node` sits inside a subtree the page or the rules exclude; checks ancestors across shadow roots. */
export function isInsideExcludedSubtree(node: Node): boolean {
  let current: Node | null = node.nodeType === 1 ? node : node.parentNode;
  while (current) {
    if (current.nodeType === 1) {
      const element = current as Element;
      const role = elementRole(element);
      if (role === "skip" || (role === "opaque" && current !== node)) return true;
    }
    const parent: Node | null = current.parentNode;
    current = parent ?? hostOf(current);
  }
  return false;
}

function hostOf(node: Node): Node | null {
  return node.nodeType === 11 && "host" in node ? (node as ShadowRoot).host : null;
}
