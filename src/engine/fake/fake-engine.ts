/**
 * A deterministic LlmEngine for UI and protocol tests: replies come from a script (a function of the messages, or a
 * queue), stream word by word with an optional delay, stop on AbortSignal, and count tokens as ~4 characters each
 * (see fake-text.ts). It follows the real engines' contract: nothing works before load(), aborting ends the stream
 * with AbortedError, and stats() reports what was streamed.
 */
import { sleep } from "../../shared/async/sleep";
import { AbortedError, EngineError, ModelNotLoadedError } from "../../shared/protocol/errors";
import type {
  ChatMessage,
  EngineInfo,
  GenerateChunk,
  GenerateOptions,
  GenerateStats,
  LlmEngine,
  LoadOptions,
} from "../engine";
import { cutAtStop, fakeChatTokenCount, fakeTokenCount, splitIntoWordChunks, truncateToTokens } from "./fake-text";

/** One scripted reply: its text (streamed word by word), its exact chunks, or an error the stream throws. */
export type FakeReply = string | { chunks: string[] } | Error;

/** A reply for each request, or a queue used in order (running out is an error, so unexpected calls show up). */
export type FakeScript = ((messages: ChatMessage[], options: GenerateOptions) => FakeReply) | FakeReply[];

export interface FakeEngineOptions {
  /** Default: echo the last user message as `[fake] <message>`. */
  script?: FakeScript;
  /** Pause before each streamed chunk, in ms (default 0). */
  chunkDelayMs?: number;
  /** Pause while "loading", in ms (default 0); progress is reported halfway and at the end. */
  loadDelayMs?: number;
  /** Context size when load() is not given one (default 4096). */
  defaultContextSize?: number;
  /** Makes every load() reject with this error, e.g. an OutOfMemoryError to test the error UI. */
  loadError?: Error;
  /** Clock for the timing stats; default performance.now. */
  now?: () => number;
}

type GenerateStream = AsyncIterable<GenerateChunk> & { stats(): Promise<GenerateStats> };

/** The default script: `[fake] ` followed by the last user message. */
export function echoLastUserMessage(messages: ChatMessage[]): string {
  const lastUser = [...messages].reverse().find((message) => message.role === "user");
  return `[fake] ${lastUser?.content ?? ""}`;
}

export class FakeEngine implements LlmEngine {
  readonly backend = "fake" as const;
  /** Every generate() call's options, in order, so tests can check the prompts a feature sent. */
  readonly requests: GenerateOptions[] = [];
  private loaded: { modelId: string; contextSize: number } | null = null;
  /** Bumped by load() and unload(), so a stream notices that its model went away. */
  private generation = 0;
  private readonly queue: FakeReply[] | null;
  private readonly now: () => number;

  constructor(private readonly options: FakeEngineOptions = {}) {
    this.queue = Array.isArray(options.script) ? [...options.script] : null;
    this.now = options.now ?? (() => performance.now());
  }

  async load(options: LoadOptions): Promise<void> {
    if (options.signal?.aborted) throw new AbortedError();
    this.loaded = null;
    this.generation += 1;
    const delay = this.options.loadDelayMs ?? 0;
    options.onProgress?.({ phase: "fetching", loaded: 0, total: 2 });
    await sleep(delay / 2, options.signal);
    options.onProgress?.({ phase: "initializing", loaded: 1, total: 2 });
    await sleep(delay / 2, options.signal);
    if (this.options.loadError) throw this.options.loadError;
    options.onProgress?.({ phase: "initializing", loaded: 2, total: 2 });
    this.loaded = { modelId: options.modelId, contextSize: options.contextSize ?? this.options.defaultContextSize ?? 4096 };
  }

  generate(options: GenerateOptions): GenerateStream {
    this.requests.push({ ...options, messages: options.messages.map((message) => ({ ...message })) });
    let settle!: { resolve: (stats: GenerateStats) => void; reject: (error: unknown) => void };
    const stats = new Promise<GenerateStats>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // Callers that only iterate never read stats(); keep its rejection from being reported as unhandled.
    stats.catch(() => {});
    const stream = this.stream(options, settle);
    return { [Symbol.asyncIterator]: () => stream, stats: () => stats };
  }

  async countTokens(text: string): Promise<number> {
    this.requireLoaded();
    return fakeTokenCount(text);
  }

  async countChatTokens(messages: ChatMessage[]): Promise<number> {
    this.requireLoaded();
    return fakeChatTokenCount(messages);
  }

  contextSize(): number {
    return this.loaded?.contextSize ?? 0;
  }

  info(): EngineInfo | null {
    if (!this.loaded) return null;
    return {
      backend: "fake",
      modelId: this.loaded.modelId,
      device: "cpu",
      threads: 1,
      contextSize: this.loaded.contextSize,
      details: { scripted: this.options.script !== undefined },
    };
  }

  isLoaded(): boolean {
    return this.loaded !== null;
  }

  async unload(): Promise<void> {
    this.loaded = null;
    this.generation += 1;
  }

  private requireLoaded(): void {
    if (!this.loaded) throw new ModelNotLoadedError("No model is loaded.");
  }

  private nextReply(options: GenerateOptions): FakeReply {
    const script = this.options.script;
    if (typeof script === "function") return script(options.messages, options);
    if (this.queue) {
      const reply = this.queue.shift();
      if (reply === undefined) throw new EngineError("FakeEngine: the scripted replies ran out.");
      return reply;
    }
    return echoLastUserMessage(options.messages);
  }

  /** The chunks to stream for one request, after stop sequences and maxTokens, and why the reply ends. */
  private plan(options: GenerateOptions): { chunks: string[]; finishReason: "stop" | "length" } {
    const reply = this.nextReply(options);
    if (reply instanceof Error) throw reply;
    const text = typeof reply === "string" ? reply : reply.chunks.join("");
    const { text: beforeStop } = cutAtStop(text, options.stop);
    const { text: kept, truncated } =
      options.maxTokens === undefined ? { text: beforeStop, truncated: false } : truncateToTokens(beforeStop, options.maxTokens);
    const finishReason = truncated ? "length" : "stop";
    if (typeof reply === "string" || kept.length === text.length) {
      return { chunks: typeof reply === "string" ? splitIntoWordChunks(kept) : reply.chunks.filter((c) => c !== ""), finishReason };
    }
    // Scripted chunks that were cut: keep their boundaries up to the cut.
    const chunks: string[] = [];
    let used = 0;
    for (const chunk of reply.chunks) {
      if (used >= kept.length) break;
      const piece = chunk.slice(0, kept.length - used);
      if (piece !== "") chunks.push(piece);
      used += piece.length;
    }
    return { chunks, finishReason };
  }

  private async *stream(
    options: GenerateOptions,
    settle: { resolve: (stats: GenerateStats) => void; reject: (error: unknown) => void },
  ): AsyncGenerator<GenerateChunk> {
    const started = this.now();
    const generation = this.generation;
    let firstTokenAt: number | null = null;
    let streamed = "";
    let promptTokens = 0;
    let finishReason: GenerateStats["finishReason"] = "aborted";
    const finish = () =>
      settle.resolve({
        promptTokens,
        completionTokens: fakeTokenCount(streamed),
        timeToFirstTokenMs: firstTokenAt === null ? 0 : firstTokenAt - started,
        decodeMs: firstTokenAt === null ? 0 : this.now() - firstTokenAt,
        finishReason,
      });
    try {
      this.requireLoaded();
      if (options.signal?.aborted) throw new AbortedError();
      promptTokens = fakeChatTokenCount(options.messages);
      const { chunks, finishReason: reason } = this.plan(options);
      for (const text of chunks) {
        await sleep(this.options.chunkDelayMs ?? 0, options.signal);
        if (this.generation !== generation) throw new ModelNotLoadedError("The model was unloaded.");
        firstTokenAt ??= this.now();
        streamed += text;
        yield { text };
      }
      finishReason = reason;
      finish();
    } catch (error) {
      if (error instanceof AbortedError) finish();
      else settle.reject(error);
      throw error;
    } finally {
      // A consumer that stops reading early ends the stream like an abort.
      finish();
    }
  }
}
