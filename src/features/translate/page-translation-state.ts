/**
 * The settings, progress and state of one page's translation: what the page code is given and what the UI renders.
 */
import type { BatchLimits } from "./batching";
import type { SegmentCache } from "./cache";
import type { SegmentRoot } from "./segment";
import type { SegmentTranslator } from "./segment-translator";

export interface PageTranslationOptions {
  readonly root: SegmentRoot;
  /** BCP-47 tags. */
  readonly from: string;
  readonly to: string;
  /** Part of the cache key: another model may translate differently. */
  readonly modelId: string;
  readonly translator: SegmentTranslator;
  readonly cache?: SegmentCache;
  /** Whether an element is in (or near) the viewport now; decides what is translated first. */
  readonly isVisible: (element: Element) => boolean;
  readonly limits: BatchLimits;
  /** Schedules a batch of DOM writes, e.g. requestAnimationFrame. */
  readonly scheduleWrite: (flush: () => void) => void;
  /** Yields to the page between slices of the walk, e.g. scheduler.yield or a zero timeout. */
  readonly yieldToPage: () => Promise<void>;
  readonly sliceMs?: number;
  readonly now?: () => number;
  /** Follow content the page adds or changes (default true). */
  readonly follow?: boolean;
  readonly createObserver?: (callback: MutationCallback) => MutationObserver;
  readonly onState?: (state: PageTranslationState) => void;
  /** Told about source strings that came back with no translation; they stay as they are on the page. */
  readonly onUntranslated?: (sources: readonly string[]) => void;
}

export interface PageTranslationProgress {
  /** Units found so far, the followed ones included. */
  total: number;
  /** Units written into the page, as marked-up text or as plain-text fallback. */
  written: number;
  /** Of those, written as plain text because the placeholders did not survive. */
  plainText: number;
  /** Units served from the cache. */
  fromCache: number;
  /** Units left untranslated: no line in the answer, or an empty one. */
  failed: number;
}

export type PageTranslationState =
  | { readonly phase: "idle" }
  | { readonly phase: "segmenting" }
  | { readonly phase: "translating"; readonly progress: PageTranslationProgress }
  | { readonly phase: "paused"; readonly progress: PageTranslationProgress }
  /** Everything found so far is translated; new content is still followed. */
  | { readonly phase: "done"; readonly progress: PageTranslationProgress }
  | { readonly phase: "stopped"; readonly progress: PageTranslationProgress }
  | { readonly phase: "error"; readonly error: Error; readonly progress: PageTranslationProgress };
