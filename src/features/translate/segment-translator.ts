/**
 * The small interface page translation talks to. Anything that can turn numbered placeholder strings into translated
 * ones implements it: the LLM through the engine, or a dedicated engine (Bergamot) for the pairs it has models for.
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

/** One translator that hands each language pair to the first of `translators` supporting it (most specific first). */
export function routeTranslators(translators: readonly SegmentTranslator[]): SegmentTranslator {
  const pick = (from: string, to: string): SegmentTranslator | undefined =>
    translators.find((translator) => translator.supports(from, to));
  return {
    supports: (from, to) => pick(from, to) !== undefined,
    translateBatch(segments, options) {
      const translator = pick(options.from, options.to);
      if (!translator) throw new RangeError(`No translator for ${options.from} -> ${options.to}`);
      return translator.translateBatch(segments, options);
    },
  };
}
