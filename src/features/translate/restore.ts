/**
 * Every change page translation makes goes through a journal that remembers what was there before, so "Show original"
 * puts back the very same nodes and attribute values. Original text nodes are never edited, only detached, which is
 * what makes the restored DOM identical rather than merely similar.
 */

type Change =
  | {
      readonly kind: "nodes";
      readonly parent: Node;
      readonly before: readonly ChildNode[];
      readonly after: readonly ChildNode[];
      /** The sibling just after the replaced nodes, to find the spot again when the page moved things around. */
      readonly next: ChildNode | null;
    }
  | { readonly kind: "attribute"; readonly element: Element; readonly name: string; readonly before: string | null };

/** The record of what page translation changed, and the way back. */
export class ChangeJournal {
  #changes: Change[] = [];
  #ownText = new WeakMap<Text, string>();
  #ownAttributes = new WeakMap<Element, Map<string, string>>();

  /** Number of recorded changes. */
  get size(): number {
    return this.#changes.length;
  }

  /** A new text node that counts as Hearth's own for as long as the page leaves its text alone. */
  createText(document: Document, text: string): Text {
    const node = document.createTextNode(text);
    this.#ownText.set(node, text);
    return node;
  }

  /** True when `node` is text Hearth wrote and the page has not changed since. */
  isOwnText(node: Text): boolean {
    return this.#ownText.get(node) === node.data;
  }

  /** True when the attribute's current value is one Hearth wrote. */
  isOwnAttribute(element: Element, name: string): boolean {
    const value = this.#ownAttributes.get(element)?.get(name);
    return value !== undefined && element.getAttribute(name) === value;
  }

  /**
   * Replace the sibling run `oldNodes` of `parent` (followed by `next`, taken before any of them moved) with
   * `newNodes`, recording it. Nodes already in place stay put: moving an iframe reloads it, moving a video pauses it.
   */
  replaceNodes(
    parent: Node,
    oldNodes: readonly ChildNode[],
    newNodes: readonly ChildNode[],
    next: ChildNode | null,
  ): void {
    this.#changes.push({ kind: "nodes", parent, before: [...oldNodes], after: [...newNodes], next });
    placeNodes(parent, oldNodes, newNodes, next?.parentNode === parent ? next : null);
  }

  /** Replace all children of `parent`, recording it. */
  replaceChildren(parent: Node, newNodes: readonly ChildNode[]): void {
    this.replaceNodes(parent, Array.from(parent.childNodes), newNodes, null);
  }

  /** Set an attribute, recording its previous value (or absence); a no-op when it already has this value. */
  setAttribute(element: Element, name: string, value: string): void {
    const before = element.getAttribute(name);
    if (before === value) return;
    this.#changes.push({ kind: "attribute", element, name, before });
    element.setAttribute(name, value);
    let own = this.#ownAttributes.get(element);
    if (!own) {
      own = new Map();
      this.#ownAttributes.set(element, own);
    }
    own.set(name, value);
  }

  /** Undo every recorded change, newest first, and forget them. */
  restore(): void {
    for (const step of this.takeUndoSteps()) step();
  }

  /**
   * The undo of every recorded change as one step per change, newest first, so a big page can be restored a frame's
   * budget at a time. The journal forgets the changes at once: run every step, in order, before anything else writes.
   */
  takeUndoSteps(): Array<() => void> {
    const changes = this.#changes;
    this.#changes = [];
    this.#ownText = new WeakMap();
    this.#ownAttributes = new WeakMap();
    return changes.reverse().map((change) => () => {
      if (change.kind === "attribute") {
        if (change.before === null) change.element.removeAttribute(change.name);
        else change.element.setAttribute(change.name, change.before);
      } else {
        restoreNodes(change.parent, change.before, change.after, change.next);
      }
    });
  }
}

function restoreNodes(
  parent: Node,
  before: readonly ChildNode[],
  after: readonly ChildNode[],
  next: ChildNode | null,
): void {
  const remaining = after.filter((node) => node.parentNode === parent);
  // Put the originals where the translation sits now; if the page removed it all, fall back to the old neighbour.
  const candidates = [remaining.at(-1)?.nextSibling ?? null, next];
  const reference = candidates.find((node) => node?.parentNode === parent && !before.includes(node)) ?? null;
  placeNodes(parent, remaining, before, reference);
}

/** Make `wanted` the run of `parent`'s children just before `reference`, removing `current` nodes not wanted. */
function placeNodes(
  parent: Node,
  current: readonly ChildNode[],
  wanted: readonly ChildNode[],
  reference: ChildNode | null,
): void {
  const keep = new Set(wanted);
  for (const node of current) {
    if (!keep.has(node) && node.parentNode === parent) parent.removeChild(node);
  }
  let anchor = reference;
  for (let index = wanted.length - 1; index >= 0; index -= 1) {
    const node = wanted[index];
    if (!node) continue;
    if (node.parentNode !== parent || node.nextSibling !== anchor) parent.insertBefore(node, anchor);
    anchor = node;
  }
}
