/**
 * The shapes segmentation produces and the rest of page translation consumes: a translation unit is one sentence-level
 * piece of the page (a paragraph's text with its inline markup, or one attribute value) plus what is needed to write
 * its translation back and to notice that the page changed it in the meantime.
 */

/** A numbered placeholder: paired ones (`<a1>…</a1>`) wrap translated text, void ones (`<x2/>`) stand for a kept node. */
export interface Slot {
  /** The original node, reused as-is when the translation is written back. */
  readonly node: ChildNode;
  readonly paired: boolean;
  /** One lowercase letter shown to the model as a hint of what the tag is (a = link, b = bold, x = kept as is). */
  readonly letter: string;
}

/** One piece of a unit's inline content, as found in the page. */
export type InlinePart =
  | { readonly type: "text"; readonly node: Text; readonly data: string }
  | {
      readonly type: "element";
      readonly slot: number;
      readonly element: Element;
      readonly children: readonly InlinePart[];
      /** The element's child nodes when segmented, to tell later whether the page changed them. */
      readonly childNodes: readonly ChildNode[];
    }
  | { readonly type: "opaque"; readonly slot: number; readonly node: ChildNode };

/** A run of sibling nodes (text and inline elements) that reads as one sentence or paragraph. */
export interface TextUnit {
  readonly kind: "text";
  /** The element or shadow root whose children hold the run. */
  readonly container: Element | DocumentFragment;
  /** Every node of the run in order, comments included. */
  readonly nodes: readonly ChildNode[];
  /** The siblings just outside the run when it was segmented. */
  readonly previous: ChildNode | null;
  readonly next: ChildNode | null;
  readonly parts: readonly InlinePart[];
  /** Slot n is at index n - 1. */
  readonly slots: readonly Slot[];
  /** The placeholder string sent for translation. */
  readonly source: string;
  /** The element that gets `lang`/`dir` and whose position decides visibility. */
  readonly anchor: Element | null;
}

/** An attribute whose value is shown to the reader (title, alt, placeholder, aria-label, a button's value). */
export interface AttributeUnit {
  readonly kind: "attribute";
  readonly element: Element;
  readonly name: string;
  /** The attribute's exact value when segmented. */
  readonly value: string;
  readonly source: string;
  readonly anchor: Element;
}

export type TranslationUnit = TextUnit | AttributeUnit;

