/**
 * One streamed chat completion through wllama, as LlmEngine.generate() promises it: whole-character text chunks,
 * AbortedError when stopped, Hearth errors otherwise, and stats once the stream ends.
 */
import type { ChatCompletionChunk } from "@wllama/wllama";
import type { GenerateChunk, GenerateOptions, GenerateStats } from "../engine";
import { AbortedError, type HearthError } from "../../shared/protocol/errors";
import type { ChatStreamParams, WllamaClient } from "./wllama-client";
import { toHearthError } from "./wllama-errors";
import { promptTokensOf } from "./wllama-token-count";

export interface GenerationContext {
  client: WllamaClient;
  now: () => number;
  /** llama.cpp's recent error lines, to explain a failure. */
  errorLines: () => string[];
  /** Why the worker died, once it has: the real cause of whatever wllama then rejects with. */
  workerDeath?: () => HearthError | null;
}

/** What generate() returns: read it once; stats() settles when the stream ends. */
export type GenerationStream = AsyncIterable<GenerateChunk> & { stats(): Promise<GenerateStats> };

function requestFor(options: GenerateOptions, abortSignal: AbortSignal): ChatStreamParams {
  const request: ChatStreamParams = { messages: options.messages, stream: true, abortSignal };
  if (options.maxTokens !== undefined) request.max_tokens = options.maxTokens;
  if (options.temperature !== undefined) request.temperature = options.temperature;
  if (options.seed !== undefined) request.seed = options.seed;
  if (options.stop && options.stop.length > 0) request.stop = options.stop;
  return request;
}

// Keeps reading a stream nobody wants any more, so wllama settles (and frees its slot) without unhandled rejections.
async function drain(iterator: AsyncIterator<ChatCompletionChunk>): Promise<void> {
  try {
    for (let r = await iterator.next(); !r.done; r = await iterator.next());
  } catch {
    // Expected: the request was aborted.
  }
}

/** Start nothing until read; then stream `options` through `context.client`. */
export function streamGeneration(options: GenerateOptions, context: GenerationContext): GenerationStream {
  let resolveStats: (stats: GenerateStats) => void = () => {};
  let rejectStats: (error: HearthError) => void = () => {};
  const statsPromise = new Promise<GenerateStats>((resolve, reject) => {
    resolveStats = resolve;
    rejectStats = reject;
  });
  // A caller that only awaits stats() on success must not see an unhandled rejection from it.
  statsPromise.catch(() => {});
  let read = false;

  async function* run(): AsyncGenerator<GenerateChunk> {
    const { client, now } = context;
    const started = now();
    let firstTokenAt: number | null = null;
    let pieces = 0;
    let last: ChatCompletionChunk | undefined;
    let finishReason: GenerateStats["finishReason"] = "length";
    const abortedStats = (): GenerateStats => ({
      promptTokens: promptTokensOf(last) ?? 0,
      completionTokens: pieces,
      timeToFirstTokenMs: firstTokenAt === null ? now() - started : firstTokenAt - started,
      decodeMs: firstTokenAt === null ? 0 : now() - firstTokenAt,
      finishReason: "aborted",
    });
    if (options.signal?.aborted) {
      resolveStats(abortedStats());
      throw new AbortedError();
    }
    const controller = new AbortController();
    const stopRequest = () => controller.abort();
    options.signal?.addEventListener("abort", stopRequest, { once: true });
    let iterator: AsyncIterator<ChatCompletionChunk> | undefined;
    let settled = false;
    try {
      iterator = (await client.createChatCompletion(requestFor(options, controller.signal)))[Symbol.asyncIterator]();
      for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
        last = r.value;
        const choice = r.value.choices[0];
        if (choice?.finish_reason) finishReason = choice.finish_reason === "length" ? "length" : "stop";
        const text = choice?.delta?.content ?? "";
        if (text.length > 0) {
          firstTokenAt ??= now();
          pieces += 1;
          yield { text };
        }
        if (controller.signal.aborted) throw new AbortedError();
      }
      settled = true;
      const end = now();
      resolveStats({
        promptTokens: promptTokensOf(last) ?? 0,
        completionTokens: last?.timings?.predicted_n ?? pieces,
        timeToFirstTokenMs: (firstTokenAt ?? end) - started,
        decodeMs: firstTokenAt === null ? 0 : end - firstTokenAt,
        finishReason,
      });
    } catch (error) {
      settled = true;
      if (controller.signal.aborted || options.signal?.aborted) {
        resolveStats(abortedStats());
        throw new AbortedError();
      }
      const mapped = context.workerDeath?.() ?? toHearthError(error, context.errorLines());
      rejectStats(mapped);
      throw mapped;
    } finally {
      options.signal?.removeEventListener("abort", stopRequest);
      if (!settled) {
        // The reader stopped early (break / return()): stop the request and let it wind down.
        controller.abort();
        resolveStats(abortedStats());
        if (iterator) void drain(iterator);
      }
    }
  }

  return {
    [Symbol.asyncIterator]() {
      if (read) throw new Error("A generation stream can be read only once.");
      read = true;
      return run();
    },
    stats: () => statsPromise,
  };
}
