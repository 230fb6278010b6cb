/**
 * Writes one unit's translation into the page. The original inline elements are reused (links keep their href and
 * listeners); only text nodes are new. A translation whose placeholders do not check out is written as plain text
 * for that unit alone. Every write goes through the journal so it can be undone exactly.
 */
import { parsePlaceholders, plainText, type TranslatedPart } from "./placeholders";
import type { ChangeJournal } from "./restore";
import type { AttributeUnit, InlinePart, TextUnit, TranslationUnit } from "./units";

/** The language written into `lang` (and `dir` when the direction changes) of translated elements. */
export interface TargetLanguage {
  readonly code: string;
  /** Set only when the text direction differs from the source's. */
  readonly dir: "rtl" | "ltr" | null;
}

/**
 * translated: written with its markup; plain-text: placeholders were broken, written without markup;
 * stale: the page changed the unit since it was segmented, nothing written; empty: the translation had no text.
 */
export type ApplyOutcome = "translated" | "plain-text" | "stale" | "empty";

/** True when the unit's nodes (or attribute) are exactly as they were when segmented. */
export function isUnitIntact(unit: TranslationUnit): boolean {
  if (unit.kind === "attribute") return unit.element.getAttribute(unit.name) === unit.value;
  const { nodes, container } = unit;
  const first = nodes[0];
  if (!first || first.previousSibling !== unit.previous) return false;
  for (let index = 0; index < nodes.length; index += 1) {
    const node = nodes[index];
    if (!node || node.parentNode !== container) return false;
    if (node.nextSibling !== (index + 1 < nodes.length ? nodes[index + 1] : unit.next)) return false;
  }
  return partsIntact(unit.parts);
}

function partsIntact(parts: readonly InlinePart[]): boolean {
  for (const part of parts) {
    if (part.type === "text" && part.node.data !== part.data) return false;
    if (part.type === "element") {
      const children = part.element.childNodes;
      if (children.length !== part.childNodes.length) return false;
      for (let index = 0; index < children.length; index += 1) {
        if (children[index] !== part.childNodes[index]) return false;
      }
      if (!partsIntact(part.children)) return false;
    }
  }
  return true;
}

/** Write `translation` (a placeholder string) into the page for `unit`. */
export function applyTranslation(
  unit: TranslationUnit,
  translation: string,
  journal: ChangeJournal,
  target: TargetLanguage,
): ApplyOutcome {
  if (!isUnitIntact(unit)) return "stale";
  if (plainText(translation) === "") return "empty";
  return unit.kind === "attribute"
    ? applyToAttribute(unit, translation, journal)
    : applyToText(unit, translation, journal, target);
}

function applyToAttribute(unit: AttributeUnit, translation: string, journal: ChangeJournal): ApplyOutcome {
  const parsed = parsePlaceholders(translation, []);
  journal.setAttribute(unit.element, unit.name, plainText(translation));
  return parsed.ok ? "translated" : "plain-text";
}

function applyToText(unit: TextUnit, translation: string, journal: ChangeJournal, target: TargetLanguage): ApplyOutcome {
  const document = unit.container.ownerDocument;
  if (!document) return "stale";
  const parsed = parsePlaceholders(translation, unit.slots);
  const nodes = parsed.ok
    ? buildNodes(parsed.parts, { unit, journal, document, originalChildren: originalChildren(unit.parts) })
    : [journal.createText(document, plainText(translation))];
  journal.replaceNodes(unit.container, unit.nodes, nodes, unit.next);
  // A run inside a shadow root has no element of its own to carry lang; its host holds other content too.
  if (unit.anchor && unit.anchor === unit.container) {
    journal.setAttribute(unit.anchor, "lang", target.code);
    if (target.dir) journal.setAttribute(unit.anchor, "dir", target.dir);
  }
  return parsed.ok ? "translated" : "plain-text";
}

interface BuildContext {
  readonly unit: TextUnit;
  readonly journal: ChangeJournal;
  readonly document: Document;
  /**
   * Each paired element's children as segmented. The journal records these rather than the live children, because a
   * translation may move an element out of a sibling that is rebuilt later in the same unit.
   */
  readonly originalChildren: ReadonlyMap<Node, readonly ChildNode[]>;
}

function originalChildren(parts: readonly InlinePart[], map = new Map<Node, readonly ChildNode[]>()): Map<Node, readonly ChildNode[]> {
  for (const part of parts) {
    if (part.type === "element") {
      map.set(part.element, part.childNodes);
      originalChildren(part.children, map);
    }
  }
  return map;
}

function buildNodes(parts: readonly TranslatedPart[], context: BuildContext): ChildNode[] {
  return parts.map((part): ChildNode => {
    if (part.type === "text") return context.journal.createText(context.document, part.text);
    // parsePlaceholders only accepts slot numbers that exist, so the lookups below always succeed.
    const node = context.unit.slots[part.slot - 1]?.node;
    if (!node) throw new RangeError(`slot ${part.slot} out of range`);
    if (part.type === "element") {
      const before = context.originalChildren.get(node) ?? Array.from(node.childNodes);
      context.journal.replaceNodes(node, before, buildNodes(part.children, context), null);
    }
    return node;
  });
}
