/**
 * The background's half of selection translation: a text of any length in, the translation out as it streams. Long
 * texts go in chunks that fit the model's context, with the part number reported so the panel can show progress.
 */
import { buildSelectionPrompt } from "./selection-prompt";
import { TranslationOutputCleaner } from "./output-cleaner";
import { splitText } from "./text-chunks";
import { capAnswerTokens, estimateTokens, selectionChunkBudget, type ModelFacts } from "./token-estimate";
import { promptText, type GenerateFn } from "./engine-chunks";

/** What the "translate/text" stream sends: queue position, which part is being translated, and translated text. */
export type TextJobChunk =
  | { readonly kind: "queued"; readonly position: number }
  | { readonly kind: "part"; readonly index: number; readonly total: number }
  | { readonly kind: "text"; readonly text: string };

export interface TextJobOptions {
  readonly generate: GenerateFn;
  readonly facts: ModelFacts;
}

/** Translate `text` from `from` (null: let the model tell) to `to`, streaming the cleaned translation. */
export async function* translateText(
  text: string,
  from: string | null,
  to: string,
  options: TextJobOptions,
): AsyncGenerator<TextJobChunk> {
  const count = (piece: string) => estimateTokens(piece, options.facts.charsPerToken);
  const chunks = splitText(text, selectionChunkBudget(options.facts), count);
  for (const [index, chunk] of chunks.entries()) {
    yield { kind: "part", index, total: chunks.length };
    if (index > 0) yield { kind: "text", text: chunk.separator };
    const prompt = buildSelectionPrompt(chunk.text, from, to, count(chunk.text));
    const maxTokens = capAnswerTokens(prompt.wantedTokens, promptText(prompt.messages), options.facts);
    const cleaner = new TranslationOutputCleaner(chunk.text);
    const stream = options.generate({ messages: prompt.messages, maxTokens, temperature: prompt.temperature });
    for await (const piece of stream) {
      if (piece.kind === "queued") yield { kind: "queued", position: piece.position };
      if (piece.kind !== "text") continue;
      const clean = cleaner.push(piece.text);
      if (clean !== "") yield { kind: "text", text: clean };
    }
    const rest = cleaner.finish();
    if (rest !== "") yield { kind: "text", text: rest };
  }
}
