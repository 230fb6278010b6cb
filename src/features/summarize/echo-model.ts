/**
 * A stand-in model for tests and the bench's token accounting: it "summarizes" by echoing the opening words of the
 * passages or notes in its prompt, citing their numbers, and streams word by word. Deterministic and instant.
 */

import type { ChatMessage } from "../../engine/engine";
import { AbortedError } from "../../shared/protocol/errors";
import { approximateTokenCount } from "./approx-tokens";
import type { GenerateLimits, GenerateText } from "./map-reduce";

export interface EchoModelOptions {
  /** Lines to echo per reply. Default 4. */
  points?: number;
  /** Words kept from each echoed line. Default 12. */
  wordsPerPoint?: number;
  /** Leave out the "[n]" citations, like a small model that ignores the instruction. */
  omitCitations?: boolean;
  /** Ignore the output limit and repeat every line this many times, like a model that rambles. */
  ramble?: number;
  /** Called with every prompt, for assertions. */
  onPrompt?: (messages: ChatMessage[]) => void;
}

/** A GenerateText that echoes its prompt's leading passages as bullet points. */
export function echoModel(options: EchoModelOptions = {}): GenerateText {
  return (messages, signal, limits) => echo(messages, options, signal, limits);
}

async function* echo(
  messages: ChatMessage[],
  options: EchoModelOptions,
  signal: AbortSignal | undefined,
  limits: GenerateLimits | undefined,
): AsyncGenerator<string> {
  options.onPrompt?.(messages);
  const prompt = messages.at(-1)?.content ?? "";
  const lines: string[] = [];
  for (const line of prompt.split("\n")) {
    const passage = /^\[(\d+)\]\s+(.*)$/.exec(line);
    const note = /^\s*-\s+(.*?)((?:\s*\[\d+\])*)\s*$/.exec(line);
    if (passage) lines.push(point(passage[2] ?? "", `[${passage[1]}]`, options));
    else if (note) lines.push(point(note[1] ?? "", note[2]?.trim() ?? "", options));
  }
  const chosen = lines.slice(0, options.points ?? 4).flatMap((line) => Array<string>(options.ramble ?? 1).fill(line));
  const output = chosen.join("\n");
  const maxTokens = options.ramble ? Infinity : (limits?.maxTokens ?? Infinity);
  let written = "";
  for (const piece of output.match(/\S+\s*/g) ?? []) {
    await Promise.resolve();
    if (signal?.aborted) throw new AbortedError();
    if (approximateTokenCount(written + piece) > maxTokens) return;
    written += piece;
    yield piece;
  }
}

function point(text: string, citation: string, options: EchoModelOptions): string {
  const words = text.split(/\s+/).filter(Boolean).slice(0, options.wordsPerPoint ?? 12).join(" ");
  return options.omitCitations || citation === "" ? `- ${words}` : `- ${words} ${citation}`;
}
