/**
 * The reader's two model jobs as the background runs them: rewrite one block at a level, and explain a selection.
 * Each takes a `generate` function (the engine host, bound to the asking tab and a priority) so it runs headless in
 * unit tests; each turns the host's chunks into the reader's own, parsing the answer here rather than in the page.
 */
import type { GenerateOptions } from "../../engine/engine";
import type { HostChunk } from "../../engine/host/engine-host";
import { cleanExplanation, explainGenerateOptions } from "./explain-prompt";
import { isGarbled } from "./garbled-text";
import type { ExplainChunk, SimplifyChunk } from "./protocol";
import { parseSimplified, previewSimplified, simplifyGenerateOptions, type SimplifyLevel } from "./simplify-prompt";

/** Characters of a preview before it is judged: a few tokens say too little about a text. */
const PREVIEW_CHECK_CHARS = 40;

/** Runs one generation on the engine host: the caller binds the owner tab, the priority and the abort signal. */
export type Generate = (options: Omit<GenerateOptions, "signal">) => AsyncIterable<HostChunk>;

/** Rewrite `units` (one block) at `level`: queue position, previews while the answer streams, then the result. */
export async function* simplifyBlock(units: readonly string[], level: SimplifyLevel, language: string | undefined, generate: Generate): AsyncGenerator<SimplifyChunk> {
  let output = "";
  let shown = "";
  let noise = false;
  const original = units.join(" ");
  for await (const chunk of generate(simplifyGenerateOptions(units, level, languageName(language)))) {
    if (chunk.kind === "queued") yield { kind: "queued", position: chunk.position };
    if (chunk.kind !== "text") continue;
    output += chunk.text;
    if (noise) continue;
    const preview = previewSimplified(output, units.length);
    const key = preview.join("\n");
    // Noise is not worth showing even for a moment: clear the preview once (the original shows) and wait for the end.
    if (key.length >= PREVIEW_CHECK_CHARS && isGarbled(original, preview.join(" "))) {
      noise = true;
      yield { kind: "preview", units: [] };
      continue;
    }
    // Only what changed crosses the port: a token that only adds chatter or whitespace is not worth a message.
    if (key === shown) continue;
    shown = key;
    yield { kind: "preview", units: preview };
  }
  yield { kind: "result", outcome: parseSimplified(output, units) };
}

/** Explain `selection` as used in `context`: queue position, then the explanation so far after every change. */
export async function* explainSelection(selection: string, context: string, language: string | undefined, generate: Generate): AsyncGenerator<ExplainChunk> {
  let output = "";
  let shown = "";
  for await (const chunk of generate(explainGenerateOptions(selection, context, languageName(language)))) {
    if (chunk.kind === "queued") yield { kind: "queued", position: chunk.position };
    if (chunk.kind !== "text") continue;
    output += chunk.text;
    const text = cleanExplanation(output, true);
    if (text === shown) continue;
    shown = text;
    yield { kind: "text", text };
  }
  const final = cleanExplanation(output);
  if (isGarbled(`${selection} ${context}`, final)) yield { kind: "rejected" };
  // The stream's last word is the whole cleaned answer, even when it differs from the last preview (a sign-off cut).
  else if (final !== shown) yield { kind: "text", text: final };
}

/**
 * The English name of a BCP 47 language ("de-CH" → "German"), for prompts: small models follow "Write in German."
 * better than a tag. Undefined for a tag that names no language, so the prompt says "the same language" instead.
 */
export function languageName(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  try {
    const base = new Intl.Locale(tag).language;
    const name = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" }).of(base);
    return name && name !== base ? name : undefined;
  } catch {
    return undefined;
  }
}
