/**
 * What the bench page (bench/engine-bench.html, built into the test build only) offers to `npm run bench`, which
 * calls it over WebDriver BiDi as `window.hearthBench`. Types only, shared by the page and bench/run.ts.
 */
import type { EngineInfo } from "../engine/engine";

/** Time to first token and decode speed of one streamed reply, as its reader saw it. */
export interface StreamTiming {
  ttftMs: number;
  /** Text chunks received; wllama sends one per token. */
  tokens: number;
  /** (tokens - 1) over the time from the first chunk to the last. */
  decodeTokensPerSecond: number;
}

/** One chat reply on either path. */
export interface StreamRun extends StreamTiming {
  /** Host runs only: the same request as WllamaEngine saw it from wllama, underneath the host. */
  underHost?: Pick<StreamTiming, "ttftMs" | "decodeTokensPerSecond">;
}

/** What llama.cpp reports about one raw completion on the loaded model. */
export interface CompletionTimings {
  /** Prompt tokens processed, and those reused from the KV cache instead. */
  promptTokens: number;
  cachedTokens: number;
  promptMs: number;
  /** Tokens generated; the time starts at the first, so it covers predictedTokens - 1 decode steps. */
  predictedTokens: number;
  predictedMs: number;
}

export type StreamPath = "raw" | "host";

export interface ChatFollowupRun {
  firstTtftMs: number;
  followupTtftMs: number;
  /** Prompt tokens of each request, as llama.cpp counted them. */
  firstPromptTokens: number;
  followupPromptTokens: number;
}

export interface TranslateDomRun {
  nodes: number;
  segments: number;
  perThousandSegmentsMs: number;
  /** Of the plain run: from start to every translation written, and the restore after it. */
  translateMs: number;
  restoreMs: number;
  /** Longest stretch the page's event loop could not run anything else, restore included. */
  longestTaskMs: number;
  /** Of that run: the longest task while translating, and while restoring. */
  longestTranslateTaskMs: number;
  longestRestoreTaskMs: number;
  /** The same two figures for every paced run, in order of their longest task; the median run is reported above. */
  pacedRuns: { longestIdleTaskMs: number; longestTranslateTaskMs: number; longestRestoreTaskMs: number }[];
  /** Longest slice of the segmenting walk, as the translation itself measured it. */
  longestSliceMs: number;
  restoredIdentical: boolean;
}

export interface EngineBenchApi {
  /** Load the model at `url` through the engine host (so both paths share one model and one worker). */
  load(url: string, contextSize: number): Promise<{ loadMs: number; info: EngineInfo }>;
  /** Raw completion (no chat template) of `prompt` straight on wllama, `maxTokens` tokens at temperature 0. */
  complete(prompt: string, maxTokens: number): Promise<CompletionTimings>;
  /** One chat reply of `maxTokens` at temperature 0, straight on wllama ("raw") or through the engine host. */
  stream(path: StreamPath, question: string, maxTokens: number): Promise<StreamRun>;
  /** A question and a follow-up about the same page text, through the engine host. */
  chatFollowup(pageText: string, questions: [string, string], answerTokens: number): Promise<ChatFollowupRun>;
  /** Translate and restore a generated page of about `targetNodes` nodes with an instant translator. */
  translateDom(targetNodes: number): Promise<TranslateDomRun>;
  unload(): Promise<void>;
}

declare global {
  interface Window {
    hearthBench?: EngineBenchApi;
  }
}
