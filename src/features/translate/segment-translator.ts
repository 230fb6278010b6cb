/**
 * The small interface page translation talks to. Anything that can turn numbered placeholder strings into translated
 * ones implements it: in the add-on, the content script's remote translator (content/remote-translator.ts), which has
 * the background run the batch on the engine (segments-job.ts); in tests and the bench, scripted stand-ins.
 */

/** One translated segment; `index` is the segment's position in the batch that was sent. */
export interface TranslatedSegment {
  readonly index: number;
  readonly text: string;
}

export interface TranslateBatchOptions {
  /** BCP-47 source and target language tags. */
  readonly from: string;
  readonly to: string;
  readonly signal?: AbortSignal;
}

export interface SegmentTranslator {
  /** True when this translator can translate from `from` to `to`. */
  supports(from: string, to: string): boolean;
  /**
   * Translate placeholder strings, yielding each as soon as it is ready, in any order. A segment never yielded is
   * left untranslated by the caller. Aborting `signal` ends the iterable with an AbortedError.
   */
  translateBatch(segments: readonly string[], options: TranslateBatchOptions): AsyncIterable<TranslatedSegment>;
}
