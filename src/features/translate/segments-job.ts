/**
 * The background's half of page translation: one batch of placeholder strings in, translations out as the numbered
 * answer streams. Segments the model skipped are asked for again one at a time, where an answer without its "[1]"
 * is accepted too (small models often drop the number when there is only one line).
 */
import { buildTranslationPrompt, NumberedLineParser } from "./prompt";
import { TranslationOutputCleaner } from "./output-cleaner";
import { capAnswerTokens, type ModelFacts } from "./token-estimate";
import { promptText, type GenerateFn } from "./engine-chunks";

/** What the "translate/segments" stream sends: where the job waits in the queue, then each segment as it is ready. */
export type SegmentsChunk =
  | { readonly kind: "queued"; readonly position: number }
  | { readonly kind: "segment"; readonly index: number; readonly text: string };

export interface SegmentsJobOptions {
  readonly generate: GenerateFn;
  readonly facts: ModelFacts;
  /** Most segments retried one by one after the batch answer; default 20. */
  readonly maxRetries?: number;
}

/** Translate `segments` from `from` (null: unknown) to `to`, yielding each translation once, in any order. */
export async function* translateSegments(
  segments: readonly string[],
  from: string | null,
  to: string,
  options: SegmentsJobOptions,
): AsyncGenerator<SegmentsChunk> {
  const all = segments.map((_, index) => index);
  const missing = yield* translateGroup(all, segments, from, to, options, true);
  if (segments.length === 1) return;
  for (const index of missing.slice(0, options.maxRetries ?? 20)) {
    yield* translateGroup([index], segments, from, to, options, false);
  }
}

// Translate the segments at `indexes` in one call; returns the indexes the answer had nothing for.
async function* translateGroup(
  indexes: readonly number[],
  segments: readonly string[],
  from: string | null,
  to: string,
  options: SegmentsJobOptions,
  reportQueue: boolean,
): AsyncGenerator<SegmentsChunk, number[]> {
  const sources = indexes.map((index) => segments[index] ?? "");
  const prompt = buildTranslationPrompt(sources, from, to);
  const maxTokens = capAnswerTokens(prompt.maxTokens, promptText(prompt.messages), options.facts);
  const parser = new NumberedLineParser(sources.length, sources);
  let answer = "";
  const stream = options.generate({ messages: prompt.messages, maxTokens, temperature: prompt.temperature });
  for await (const chunk of stream) {
    if (chunk.kind === "queued" && reportQueue) yield { kind: "queued", position: chunk.position };
    if (chunk.kind !== "text") continue;
    answer += chunk.text;
    for (const done of parser.push(chunk.text)) yield segmentAt(indexes, done.index, done.text);
  }
  for (const done of parser.finish()) yield segmentAt(indexes, done.index, done.text);
  const missing = parser.missing();
  if (sources.length === 1 && missing.length === 1) {
    const single = unnumberedAnswer(answer, sources[0] ?? "");
    if (single !== "") {
      yield segmentAt(indexes, 0, single);
      return [];
    }
  }
  return missing.map((position) => indexes[position] ?? -1).filter((index) => index >= 0);
}

function segmentAt(indexes: readonly number[], position: number, text: string): SegmentsChunk {
  return { kind: "segment", index: indexes[position] ?? position, text };
}

// A one-segment answer with no number: the whole answer, cleaned of chatter, on one line like the source.
function unnumberedAnswer(answer: string, source: string): string {
  const cleaner = new TranslationOutputCleaner(source);
  const text = cleaner.push(answer) + cleaner.finish();
  return text.replace(/^\s*\[1\]\s*/, "").replace(/\s*\n\s*/g, " ").trim();
}
