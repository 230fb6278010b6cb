/**
 * The slice of the engine host's stream that translation jobs read, so the jobs stay pure and testable with a
 * scripted generator (the host's HostChunk fits this shape).
 */
import type { ChatMessage } from "../../engine/engine";

/** One piece of the engine host's stream: its queue position, a start marker, text, or the end. */
export type EngineChunk =
  | { readonly kind: "queued"; readonly position: number }
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "started" | "done" };

/** What a job asks the engine for. */
export interface JobRequest {
  readonly messages: ChatMessage[];
  readonly maxTokens: number;
  readonly temperature: number;
}

/** Streams one completion; the caller has bound the owner tab, the priority and the abort signal. */
export type GenerateFn = (request: JobRequest) => AsyncIterable<EngineChunk>;

/** All the characters of a prompt, for estimating its tokens. */
export function promptText(messages: readonly ChatMessage[]): string {
  return messages.map((message) => message.content).join("\n");
}
