/**
 * The units queued or in flight, so a change the page reports twice (or a run both walked and followed) is translated
 * once. Two units are the same when they cover the very same nodes with the same text.
 */
import type { TranslationUnit } from "./units";

/** A set of pending units, looked up through the unit's first node. */
export class PendingUnits {
  readonly #byNode = new WeakMap<Node, TranslationUnit[]>();

  /** Add `unit`; false when the same unit is already pending. */
  add(unit: TranslationUnit): boolean {
    const node = keyNode(unit);
    if (!node) return false;
    const units = this.#byNode.get(node) ?? [];
    if (units.some((other) => sameUnit(other, unit))) return false;
    units.push(unit);
    this.#byNode.set(node, units);
    return true;
  }

  /** Forget `unit` once it is written or given up on. */
  delete(unit: TranslationUnit): void {
    const node = keyNode(unit);
    const units = node ? this.#byNode.get(node) : undefined;
    if (!node || !units) return;
    const rest = units.filter((other) => other !== unit);
    if (rest.length > 0) this.#byNode.set(node, rest);
    else this.#byNode.delete(node);
  }
}

function keyNode(unit: TranslationUnit): Node | undefined {
  return unit.kind === "text" ? unit.nodes[0] : unit.element;
}

/** True when both units cover the same nodes (or attribute) with the same text. */
export function sameUnit(a: TranslationUnit, b: TranslationUnit): boolean {
  if (a.source !== b.source) return false;
  if (a.kind === "attribute") {
    return b.kind === "attribute" && a.element === b.element && a.name === b.name && a.value === b.value;
  }
  return (
    b.kind === "text" &&
    a.container === b.container &&
    a.previous === b.previous &&
    a.next === b.next &&
    a.nodes.length === b.nodes.length &&
    a.nodes.every((node, index) => node === b.nodes[index])
  );
}
