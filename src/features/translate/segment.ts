/**
 * Walks a page (a document, an element, open shadow roots and same-origin frames) into translation units in document
 * order. The walk is a resumable state machine, one child node per step, so it can run in slices on a huge page.
 */
import { elementRole, isExcludedByPage } from "./dom-rules";
import { buildTextUnit, collectAttributeUnits, roleInWalk, type UnitContext } from "./inline-parts";
import { runInSlices, type SliceOptions, type SliceStats } from "./time-slice";
import type { TranslationUnit } from "./units";

export interface SegmentOptions {
  /** Text Hearth wrote; runs with no other words are skipped so translated content is not translated again. */
  isOwnText?: (node: Text) => boolean;
  /** Attribute values Hearth wrote. */
  isOwnAttribute?: (element: Element, name: string) => boolean;
  /** Called with every shadow root and frame document the walk enters, so the caller can watch them for changes. */
  onRoot?: (root: Document | ShadowRoot) => void;
}

export type SegmentRoot = Document | Element | DocumentFragment;

interface WalkFrame {
  readonly container: Element | DocumentFragment;
  readonly anchor: Element | null;
  cursor: ChildNode | null;
  run: ChildNode[];
}

/** A depth-first walk that yields units in document order, one child node per step. */
export class SegmentWalker {
  readonly #stack: WalkFrame[] = [];
  readonly #pendingRoots: SegmentRoot[] = [];
  readonly #units: TranslationUnit[] = [];
  readonly #context: UnitContext;
  readonly #onRoot: (root: Document | ShadowRoot) => void;

  constructor(root: SegmentRoot, options: SegmentOptions = {}) {
    const isOwnText = options.isOwnText ?? (() => false);
    const isOwnAttribute = options.isOwnAttribute ?? (() => false);
    this.#onRoot = options.onRoot ?? (() => undefined);
    this.#context = {
      isOwnText,
      isOwnAttribute,
      addAttributeUnit: (unit) => this.#units.push(unit),
      foundFrame: (frame) => this.#queueFrame(frame),
      blockMemo: new WeakMap(),
    };
    this.#enterRoot(root);
  }

  /** True while there is more to walk. */
  get hasMore(): boolean {
    return this.#stack.length > 0 || this.#pendingRoots.length > 0;
  }

  /** Do one small piece of the walk; returns whether more remains. */
  step(): boolean {
    const frame = this.#stack.at(-1);
    if (!frame) {
      const root = this.#pendingRoots.shift();
      if (root) this.#enterRoot(root);
      return this.hasMore;
    }
    const node = frame.cursor;
    if (!node) {
      this.#flushRun(frame);
      this.#stack.pop();
      return this.hasMore;
    }
    frame.cursor = node.nextSibling;
    if (node.nodeType !== 1) {
      frame.run.push(node);
      return true;
    }
    const element = node as Element;
    const role = roleInWalk(element, this.#context.blockMemo);
    if (role === "inline" || role === "opaque") {
      frame.run.push(element);
      return true;
    }
    this.#flushRun(frame);
    if (role === "block") this.#enterElement(element);
    return true;
  }

  /** The units found since the last call, in document order. */
  takeUnits(): TranslationUnit[] {
    return this.#units.splice(0, this.#units.length);
  }

  #enterRoot(root: SegmentRoot): void {
    if (root.nodeType === 9) {
      const element = (root as Document).documentElement;
      if (element) this.#enterElement(element);
    } else if (root.nodeType === 1) {
      const element = root as Element;
      const role = elementRole(element);
      // A root handed in directly (new content found by the follower) is walked even when it is an inline element.
      if (role !== "skip" && role !== "opaque") this.#enterElement(element);
    } else if (root.nodeType === 11) {
      const fragment = root as DocumentFragment;
      const host = "host" in fragment ? (fragment as ShadowRoot).host : null;
      this.#stack.push({ container: fragment, anchor: host, cursor: fragment.firstChild, run: [] });
    }
  }

  #enterElement(element: Element): void {
    if (isExcludedByPage(element)) return;
    collectAttributeUnits(element, this.#context);
    this.#stack.push({ container: element, anchor: element, cursor: element.firstChild, run: [] });
    const shadow = element.shadowRoot;
    if (shadow) {
      this.#onRoot(shadow);
      // The shadow tree is what renders; the host's light children are slotted into it and walked afterwards.
      this.#stack.push({ container: shadow, anchor: element, cursor: shadow.firstChild, run: [] });
    }
  }

  #queueFrame(frame: HTMLIFrameElement): void {
    const frameDocument = sameOriginDocument(frame);
    if (!frameDocument?.documentElement) return;
    this.#onRoot(frameDocument);
    this.#pendingRoots.push(frameDocument);
  }

  #flushRun(frame: WalkFrame): void {
    if (frame.run.length === 0) return;
    const unit = buildTextUnit(frame.container, frame.run, frame.anchor, this.#context);
    frame.run = [];
    if (unit) this.#units.push(unit);
  }
}

function sameOriginDocument(frame: HTMLIFrameElement): Document | null {
  try {
    return frame.contentDocument;
  } catch {
    // Cross-origin frames return null, or throw in some engines; their content is not ours to translate.
    return null;
  }
}

/**
 * Segment again only the run of inline content that `member` belongs to (its own unit plus attribute units inside),
 * for small changes the follower reports. `member` is a child of the run's block container.
 */
export function segmentRunAround(member: ChildNode, options: SegmentOptions = {}): TranslationUnit[] {
  const container = member.parentNode;
  if (!container || (container.nodeType !== 1 && container.nodeType !== 11)) return [];
  const units: TranslationUnit[] = [];
  const context: UnitContext = {
    isOwnText: options.isOwnText ?? (() => false),
    isOwnAttribute: options.isOwnAttribute ?? (() => false),
    addAttributeUnit: (unit) => units.push(unit),
    // A frame added inside a sentence is rare enough to wait for the next full translation.
    foundFrame: () => undefined,
    blockMemo: new WeakMap(),
  };
  const inRun = (node: ChildNode): boolean => {
    if (node.nodeType !== 1) return true;
    const role = roleInWalk(node as Element, context.blockMemo);
    return role === "inline" || role === "opaque";
  };
  if (!inRun(member)) return [];
  const nodes: ChildNode[] = [];
  for (let node = member.previousSibling; node && inRun(node); node = node.previousSibling) nodes.push(node);
  nodes.reverse().push(member);
  for (let node = member.nextSibling; node && inRun(node); node = node.nextSibling) nodes.push(node);
  const anchor = container.nodeType === 1 ? (container as Element) : ((container as ShadowRoot).host ?? null);
  const unit = buildTextUnit(container as Element | DocumentFragment, nodes, anchor, context);
  if (unit) units.push(unit);
  return units;
}

/** Segment `root` in one go; for small roots and tests. Large pages should use segmentInSlices. */
export function segment(root: SegmentRoot, options: SegmentOptions = {}): TranslationUnit[] {
  const walker = new SegmentWalker(root, options);
  while (walker.step()) {
    // Each step does a bounded piece of work; this loop simply runs them all.
  }
  return walker.takeUnits();
}

/** Segment `root` in time slices, yielding to the page between them; resolves with the units and what each slice cost. */
export async function segmentInSlices(
  root: SegmentRoot,
  options: SegmentOptions & SliceOptions,
): Promise<{ units: TranslationUnit[]; stats: SliceStats }> {
  const walker = new SegmentWalker(root, options);
  const stats = await runInSlices(() => walker.step(), options);
  return { units: walker.takeUnits(), stats };
}
