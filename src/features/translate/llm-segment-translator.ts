/**
 * The SegmentTranslator backed by a chat LLM: one prompt per batch, and translations handed on line by line as the
 * answer streams, so the first paragraphs appear while the model is still writing the last ones.
 */
import type { GenerateChunk, GenerateOptions } from "../../engine/engine";
import { findLanguage } from "./languages";
import { buildTranslationPrompt, NumberedLineParser } from "./prompt";
import type { SegmentTranslator, TranslatedSegment, TranslateBatchOptions } from "./segment-translator";

export interface LlmSegmentTranslatorOptions {
  /** Streams a chat completion, e.g. `(options) => engine.generate(options)`. */
  generate(options: GenerateOptions): AsyncIterable<GenerateChunk>;
  /** Told which segments of a batch the model gave no line for; they stay untranslated. */
  onMissing?: (indexes: readonly number[], segments: readonly string[]) => void;
}

/** A translator for every pair of listed languages, using an LLM with the numbered-segment prompt. */
export function createLlmSegmentTranslator(options: LlmSegmentTranslatorOptions): SegmentTranslator {
  return {
    supports(from, to) {
      const source = findLanguage(from);
      const target = findLanguage(to);
      return source !== null && target !== null && source.code !== target.code;
    },
    translateBatch(segments, batchOptions) {
      return translateWithLlm(segments, batchOptions, options);
    },
  };
}

async function* translateWithLlm(
  segments: readonly string[],
  batch: TranslateBatchOptions,
  options: LlmSegmentTranslatorOptions,
): AsyncGenerator<TranslatedSegment> {
  if (segments.length === 0) return;
  const prompt = buildTranslationPrompt(segments, batch.from, batch.to);
  const parser = new NumberedLineParser(segments.length, segments);
  const stream = options.generate({
    messages: prompt.messages,
    temperature: prompt.temperature,
    maxTokens: prompt.maxTokens,
    ...(batch.signal ? { signal: batch.signal } : {}),
  });
  for await (const chunk of stream) {
    yield* parser.push(chunk.text);
  }
  yield* parser.finish();
  const missing = parser.missing();
  if (missing.length > 0) options.onMissing?.(missing, segments);
}
