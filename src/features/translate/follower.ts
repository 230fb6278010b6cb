/**
 * Follows a translated page as it changes: new or changed content is reported as the smallest block-level roots to
 * segment again, while Hearth's own writes are recognised and ignored (they are taken out of the observer's queue
 * right after they happen, and translated text is recognised by the journal).
 */
import { isInsideExcludedSubtree, readableAttributeNames } from "./dom-rules";
import { roleInWalk } from "./inline-parts";

/** What changed on the page since the last report. */
export interface PageChanges {
  /** New block-level content to walk; none contains another. */
  readonly roots: ReadonlyArray<Element | DocumentFragment>;
  /**
   * One node of each changed run of inline content (a child of its block container). Only that run is segmented
   * again, so a word added to a long page does not mean walking the whole body.
   */
  readonly runs: readonly ChildNode[];
  /** Readable attributes the page set or changed. */
  readonly attributes: ReadonlyArray<{ readonly element: Element; readonly name: string }>;
}

export interface FollowerOptions {
  /** Text Hearth wrote and the page has not changed since. */
  isOwnText(node: Text): boolean;
  /** Attribute values Hearth wrote. */
  isOwnAttribute(element: Element, name: string): boolean;
  onChanges(changes: PageChanges): void;
  /** Creates the observer; injectable so tests and frames can supply their own. */
  createObserver?: (callback: MutationCallback) => MutationObserver;
}

const observedAttributes = ["title", "alt", "placeholder", "aria-label", "value"];

/** Watches roots for page changes and reports them, ignoring Hearth's own writes. */
export class MutationFollower {
  readonly #options: FollowerOptions;
  readonly #observer: MutationObserver;
  #connected = true;

  constructor(options: FollowerOptions) {
    this.#options = options;
    const create = options.createObserver ?? ((callback: MutationCallback) => new MutationObserver(callback));
    this.#observer = create((records) => this.#handle(records));
  }

  /** Start watching `target` and everything under it (not across shadow roots; observe those separately). */
  observe(target: Node): void {
    if (!this.#connected) return;
    this.#observer.observe(target, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: observedAttributes,
    });
  }

  /** Run Hearth's own DOM writes: page changes queued before them are reported, the writes' own records dropped. */
  ignoreWrites(write: () => void): void {
    this.#handle(this.#observer.takeRecords());
    try {
      write();
    } finally {
      this.#observer.takeRecords();
    }
  }

  /** Report any queued page changes now instead of waiting for the observer's callback. */
  flush(): void {
    this.#handle(this.#observer.takeRecords());
  }

  /** Stop watching for good; queued records are dropped. */
  disconnect(): void {
    this.#connected = false;
    this.#observer.takeRecords();
    this.#observer.disconnect();
  }

  #handle(records: readonly MutationRecord[]): void {
    if (!this.#connected || records.length === 0) return;
    // Roles depend on content the page may just have changed, so the memo lives for one batch of records.
    const memo = new WeakMap<Element, boolean>();
    const roots = new Set<Element | DocumentFragment>();
    const runs = new Set<ChildNode>();
    const attributes: Array<{ element: Element; name: string }> = [];
    const addRun = (node: Node | null): boolean => {
      const member = node ? runMember(node, memo) : null;
      if (member) runs.add(member);
      return member !== null;
    };
    for (const record of records) {
      if (record.type === "attributes") {
        const element = record.target as Element;
        const name = record.attributeName;
        if (name && this.#isReadableAttributeChange(element, name)) attributes.push({ element, name });
      } else if (record.type === "characterData") {
        if (record.target.nodeType === 3 && !this.#options.isOwnText(record.target as Text)) addRun(record.target);
      } else if (!this.#isExcludedTarget(record.target, memo)) {
        for (const node of record.addedNodes) {
          if (node.nodeType === 3 && this.#options.isOwnText(node as Text)) continue;
          if (node.nodeType === 1 && roleInWalk(node as Element, memo) === "block") roots.add(node as Element);
          else addRun(node);
        }
        // A removal changes the run it left: find that run through the removed node's old neighbours.
        // Both neighbours are now adjacent, so when the first is in a run the second is in the same one.
        if (record.removedNodes.length > 0 && !addRun(record.previousSibling)) addRun(record.nextSibling);
      }
    }
    const liveRoots = [...roots].filter((root) => root.isConnected && !hasAncestorIn(root, roots));
    const keptRoots = liveRoots.filter((root) => !isInsideExcludedSubtree(root));
    const rootSet = new Set<Node>(keptRoots);
    const keptRuns = [...runs].filter((member) => {
      const container = member.parentNode;
      return member.isConnected && container !== null && !rootSet.has(container) && !hasAncestorIn(container, rootSet);
    });
    if (keptRoots.length > 0 || keptRuns.length > 0 || attributes.length > 0) {
      this.#options.onChanges({ roots: keptRoots, runs: keptRuns, attributes });
    }
  }

  #isExcludedTarget(target: Node, memo: WeakMap<Element, boolean>): boolean {
    if (target.nodeType === 1) {
      const role = roleInWalk(target as Element, memo);
      if (role === "opaque" || role === "skip") return true;
    }
    return isInsideExcludedSubtree(target);
  }

  #isReadableAttributeChange(element: Element, name: string): boolean {
    if (this.#options.isOwnAttribute(element, name)) return false;
    return readableAttributeNames(element).includes(name) && !isInsideExcludedSubtree(element);
  }
}

/**
 * The child of a block container that holds `node` within a run of inline content: `node` itself, or its outermost
 * inline ancestor. Null when `node` is a block, or sits in content that is never translated.
 */
function runMember(node: Node, memo: WeakMap<Element, boolean>): ChildNode | null {
  if (node.nodeType === 1) {
    const role = roleInWalk(node as Element, memo);
    if (role === "block" || role === "skip") return null;
  } else if (node.nodeType !== 3) {
    return null;
  }
  let member = node as ChildNode;
  for (let parent = member.parentNode; parent; parent = member.parentNode) {
    if (parent.nodeType !== 1) break;
    const role = roleInWalk(parent as Element, memo);
    if (role === "block") break;
    if (role !== "inline") return null;
    member = parent as Element;
  }
  return member.parentNode && !isInsideExcludedSubtree(member) ? member : null;
}

function hasAncestorIn(node: Node, set: ReadonlySet<Node>): boolean {
  for (let current = node.parentNode; current; current = current.parentNode) {
    if (set.has(current)) return true;
  }
  return false;
}
