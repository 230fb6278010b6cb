/**
 * Turns one run of sibling nodes into a text unit: inline elements become numbered slots, elements with no words
 * become void slots, and the readable attributes met on the way become attribute units.
 */
import { elementRole, hasLetters, hasReadableAttributes, readableAttributeNames, type ElementRole } from "./dom-rules";
import { collapseWhitespace, escapeText, serializeParts } from "./placeholders";
import type { AttributeUnit, InlinePart, Slot, TextUnit } from "./units";

/** What building units needs from the walk that runs it. */
export interface UnitContext {
  /** Text Hearth wrote itself; a run holding no other words is already translated. */
  isOwnText(node: Text): boolean;
  /** An attribute value Hearth wrote itself. */
  isOwnAttribute(element: Element, name: string): boolean;
  /** Receives attribute units met inside inline content. */
  addAttributeUnit(unit: AttributeUnit): void;
  /** Receives iframes met inside inline content, whose documents are walked separately. */
  foundFrame(frame: HTMLIFrameElement): void;
  /** Memo of "has block-level content" per inline element, shared across one walk so each subtree is checked once. */
  readonly blockMemo: WeakMap<Element, boolean>;
}

type Draft =
  | { type: "text"; node: Text; data: string }
  | { type: "element"; element: Element; children: Draft[]; childNodes: ChildNode[] }
  | { type: "opaque"; node: ChildNode };

/** The role an element plays inside a walk: inline elements holding blocks (a card link wrapping a heading) are blocks. */
export function roleInWalk(element: Element, memo: WeakMap<Element, boolean>): ElementRole {
  const role = elementRole(element);
  if (role !== "inline") return role;
  return element.shadowRoot || containsBlock(element, memo) ? "block" : "inline";
}

function containsBlock(element: Element, memo: WeakMap<Element, boolean>): boolean {
  const known = memo.get(element);
  if (known !== undefined) return known;
  let found = false;
  for (let child = element.firstElementChild; child && !found; child = child.nextElementSibling) {
    const role = elementRole(child);
    found = role === "block" || role === "skip" || (role === "inline" && (child.shadowRoot !== null || containsBlock(child, memo)));
  }
  memo.set(element, found);
  return found;
}

/** An attribute unit for `element[name]`, or null when the value has no words or is Hearth's own translation. */
export function buildAttributeUnit(
  element: Element,
  name: string,
  isOwnAttribute: (element: Element, name: string) => boolean,
): AttributeUnit | null {
  const value = element.getAttribute(name);
  if (value === null || !hasLetters(value) || isOwnAttribute(element, name)) return null;
  const source = escapeText(collapseWhitespace(value)).trim();
  return { kind: "attribute", element, name, value, source, anchor: element };
}

/** Add the attribute units of one element to the context. */
export function collectAttributeUnits(element: Element, context: UnitContext): void {
  for (const name of readableAttributeNames(element)) {
    const unit = buildAttributeUnit(element, name, context.isOwnAttribute);
    if (unit) context.addAttributeUnit(unit);
  }
}

/** Build the text unit for a run of siblings, or null when it has no words to translate. */
export function buildTextUnit(
  container: Element | DocumentFragment,
  nodes: readonly ChildNode[],
  anchor: Element | null,
  context: UnitContext,
): TextUnit | null {
  const words = { page: false };
  const drafts = draftNodes(nodes, context, words).drafts;
  if (!words.page) return null;
  const slots: Slot[] = [];
  const parts = numberDrafts(drafts, slots);
  const first = nodes[0];
  const last = nodes.at(-1);
  if (!first || !last) return null;
  return {
    kind: "text",
    container,
    nodes: [...nodes],
    previous: first.previousSibling,
    next: last.nextSibling,
    parts,
    slots,
    source: serializeParts(parts, slots),
    anchor,
  };
}

function draftNodes(
  nodes: Iterable<ChildNode>,
  context: UnitContext,
  words: { page: boolean },
): { drafts: Draft[]; hasText: boolean } {
  const drafts: Draft[] = [];
  let hasText = false;
  for (const node of nodes) {
    if (node.nodeType === 3) {
      const text = node as Text;
      const data = text.data;
      if (data.trim() !== "") hasText = true;
      if (!words.page && hasLetters(data) && !context.isOwnText(text)) words.page = true;
      drafts.push({ type: "text", node: text, data });
    } else if (node.nodeType === 1) {
      const draft = draftElement(node as Element, context, words);
      if (draft.type === "element") hasText = true;
      drafts.push(draft);
    }
    // Comments and processing instructions carry no words; they stay in the run and come back on restore.
  }
  return { drafts, hasText };
}

function draftElement(element: Element, context: UnitContext, words: { page: boolean }): Draft {
  if (element.localName === "iframe") context.foundFrame(element as HTMLIFrameElement);
  if (roleInWalk(element, context.blockMemo) !== "inline") {
    if (hasReadableAttributes(element)) collectAttributeUnits(element, context);
    return { type: "opaque", node: element };
  }
  collectAttributeUnits(element, context);
  const childNodes: ChildNode[] = [];
  for (let child = element.firstChild; child; child = child.nextSibling) childNodes.push(child);
  const inner = draftNodes(childNodes, context, words);
  // An element without words (an icon, an empty anchor) is kept whole rather than offered as an empty pair.
  if (!inner.hasText) return { type: "opaque", node: element };
  return { type: "element", element, children: inner.drafts, childNodes };
}

function letterFor(element: Element): string {
  switch (element.localName) {
    case "a":
      return "a";
    case "b":
    case "strong":
      return "b";
    case "i":
    case "em":
      return "i";
    default:
      return "g";
  }
}

// Slots are numbered in reading order of their opening tags, after emptiness is known, so the numbers have no gaps.
function numberDrafts(drafts: readonly Draft[], slots: Slot[]): InlinePart[] {
  return drafts.map((draft): InlinePart => {
    if (draft.type === "text") return draft;
    if (draft.type === "opaque") {
      slots.push({ node: draft.node, paired: false, letter: "x" });
      return { type: "opaque", slot: slots.length, node: draft.node };
    }
    slots.push({ node: draft.element, paired: true, letter: letterFor(draft.element) });
    const slot = slots.length;
    const children = numberDrafts(draft.children, slots);
    return { type: "element", slot, element: draft.element, children, childNodes: draft.childNodes };
  });
}
