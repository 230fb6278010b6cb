/**
 * The opt-in backend that hands generation to an OpenAI-compatible server the user runs on this machine (llamafile
 * on :8080, Ollama on :11434). Only loopback addresses are accepted (loopback-url.ts); nothing else is contacted.
 */
import { AbortedError, isAbort, LocalServerError, ModelNotLoadedError } from "../../shared/protocol/errors";
import type {
  ChatMessage,
  EngineInfo,
  GenerateChunk,
  GenerateOptions,
  GenerateStats,
  LlmEngine,
  LoadOptions,
} from "../engine";
import { egressFetchFor } from "../../shared/platform/egress";
import { type FetchLike, LoopbackClient } from "./loopback-client";
import { contextSizeFromProps, parseModelList, parseStreamDelta } from "./openai-wire";
import { ServerTokenCounter } from "./server-tokens";
import { readSseData } from "./sse-stream";

/**
 * Used when neither the caller nor the server says how large the context is. Ollama does not report it through its
 * OpenAI API and silently cuts prompts longer than its num_ctx, whose default has been 2048 in many versions.
 */
const UNKNOWN_SERVER_CONTEXT = 2048;

export interface LocalServerEngineOptions {
  /** The server's address, e.g. LLAMAFILE_URL or OLLAMA_URL; must be 127.0.0.1, localhost or [::1]. */
  baseUrl: string;
  fetch?: FetchLike;
  now?: () => number;
}

interface Loaded {
  modelId: string;
  modelName: string;
  contextSize: number;
}

/** The model ids a loopback server offers (GET /v1/models), for the settings page before anything is loaded. */
export async function listLocalServerModels(baseUrl: string, fetchImpl: FetchLike = egressFetchFor("local-server"), signal?: AbortSignal) {
  return parseModelList(await new LoopbackClient(baseUrl, fetchImpl).getJson("/v1/models", signal));
}

export class LocalServerEngine implements LlmEngine {
  readonly backend = "local-server" as const;
  private readonly fetchImpl: FetchLike;
  private readonly now: () => number;
  private loaded: Loaded | null = null;
  private client: LoopbackClient | null = null;
  private tokens: ServerTokenCounter | null = null;

  constructor(private readonly options: LocalServerEngineOptions) {
    this.fetchImpl = options.fetch ?? egressFetchFor("local-server");
    this.now = options.now ?? (() => performance.now());
  }

  /** The model ids the server offers. */
  async listModels(signal?: AbortSignal): Promise<string[]> {
    return listLocalServerModels(this.options.baseUrl, this.fetchImpl, signal);
  }

  async load(options: LoadOptions): Promise<void> {
    this.loaded = null;
    if (options.source.kind !== "named") {
      throw new LocalServerError("A local server model is chosen by the name the server lists, not by a file or URL.");
    }
    const client = new LoopbackClient(this.options.baseUrl, this.fetchImpl);
    const name = options.source.name;
    const offered = parseModelList(await client.getJson("/v1/models", options.signal));
    if (offered.length > 0 && !offered.includes(name)) {
      throw new LocalServerError(`The local server at ${client.base} has no model "${name}". It offers: ${offered.join(", ")}.`);
    }
    const serverContext = await this.serverContextSize(client, options.signal);
    const wanted = options.contextSize ?? serverContext ?? UNKNOWN_SERVER_CONTEXT;
    const contextSize = serverContext === null ? wanted : Math.min(wanted, serverContext);
    if (options.signal?.aborted) throw new AbortedError();
    this.client = client;
    this.tokens = new ServerTokenCounter(client);
    this.loaded = { modelId: options.modelId, modelName: name, contextSize };
    options.onProgress?.({ phase: "initializing", loaded: 1, total: 1 });
  }

  generate(options: GenerateOptions): AsyncIterable<GenerateChunk> & { stats(): Promise<GenerateStats> } {
    const startedAt = this.now();
    let settle!: { resolve: (stats: GenerateStats) => void; reject: (error: unknown) => void };
    const stats = new Promise<GenerateStats>((resolve, reject) => (settle = { resolve, reject }));
    // stats() may never be asked for; its rejection must not surface as an unhandled one.
    stats.catch(() => undefined);
    const run = this.stream(options, startedAt, settle);
    return { [Symbol.asyncIterator]: () => run, stats: () => stats };
  }

  async countTokens(text: string): Promise<number> {
    return this.requireTokens().countTokens(text);
  }

  async countChatTokens(messages: ChatMessage[]): Promise<number> {
    return this.requireTokens().countChatTokens(messages);
  }

  contextSize(): number {
    return this.loaded?.contextSize ?? 0;
  }

  info(): EngineInfo | null {
    if (!this.loaded || !this.client) return null;
    return {
      backend: this.backend,
      modelId: this.loaded.modelId,
      device: "remote-loopback",
      // The server decides how many threads it uses and does not say.
      threads: 0,
      contextSize: this.loaded.contextSize,
      details: { server: this.client.base, serverModel: this.loaded.modelName, tokenizer: this.tokens?.source() ?? "unknown" },
    };
  }

  isLoaded(): boolean {
    return this.loaded !== null;
  }

  /** Nothing to free here: the model lives in the server process, which the user owns. */
  async unload(): Promise<void> {
    this.loaded = null;
    this.client = null;
    this.tokens = null;
  }

  private async *stream(
    options: GenerateOptions,
    startedAt: number,
    settle: { resolve: (stats: GenerateStats) => void; reject: (error: unknown) => void },
  ): AsyncGenerator<GenerateChunk> {
    let firstTokenAt: number | null = null;
    let chunks = 0;
    let usage: { promptTokens: number; completionTokens: number } | null = null;
    let finishReason: GenerateStats["finishReason"] = "stop";
    // A UTF-16 high surrogate held back until its pair arrives, so every chunk is whole characters.
    let pending = "";
    try {
      const { client, loaded } = this.requireLoaded();
      if (options.signal?.aborted) throw new AbortedError();
      const response = await client.request("/v1/chat/completions", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify(chatRequest(loaded.modelName, options)),
        signal: options.signal ?? null,
      });
      if (!response.body) throw new LocalServerError(`The local server at ${client.base} sent an empty answer.`);
      for await (const data of readSseData(response.body)) {
        if (data.trim() === "[DONE]") break;
        const delta = parseStreamDelta(data);
        if (delta.usage) usage = delta.usage;
        if (delta.finishReason === "length") finishReason = "length";
        let text = pending + delta.text;
        pending = "";
        if (/[\uD800-\uDBFF]$/.test(text)) {
          pending = text.slice(-1);
          text = text.slice(0, -1);
        }
        if (text === "") continue;
        firstTokenAt ??= this.now();
        chunks++;
        yield { text };
      }
      if (pending !== "") yield { text: pending };
      const promptTokens = usage?.promptTokens ?? (await this.requireTokens().countChatTokens(options.messages));
      settle.resolve(this.stats(startedAt, firstTokenAt, promptTokens, usage?.completionTokens ?? chunks, finishReason));
    } catch (error) {
      if (isAbort(error) || options.signal?.aborted) throw new AbortedError();
      settle.reject(error);
      throw error;
    } finally {
      // Aborted, or the consumer stopped reading early: the answer ended before the model did. (A no-op when
      // stats were already settled above.)
      settle.resolve(this.stats(startedAt, firstTokenAt, usage?.promptTokens ?? 0, chunks, "aborted"));
    }
  }

  private stats(
    startedAt: number,
    firstTokenAt: number | null,
    promptTokens: number,
    completionTokens: number,
    finishReason: GenerateStats["finishReason"],
  ): GenerateStats {
    const end = this.now();
    return {
      promptTokens,
      completionTokens,
      timeToFirstTokenMs: (firstTokenAt ?? end) - startedAt,
      decodeMs: firstTokenAt === null ? 0 : end - firstTokenAt,
      finishReason,
    };
  }

  private async serverContextSize(client: LoopbackClient, signal?: AbortSignal): Promise<number | null> {
    try {
      return contextSizeFromProps(await client.getJson("/props", signal));
    } catch (error) {
      if (isAbort(error)) throw error;
      // Ollama has no /props; llama.cpp servers started with --no-props hide it. Neither is a failure.
      return null;
    }
  }

  private requireLoaded(): { client: LoopbackClient; loaded: Loaded } {
    if (!this.loaded || !this.client) throw new ModelNotLoadedError("No local server model is selected yet.");
    return { client: this.client, loaded: this.loaded };
  }

  private requireTokens(): ServerTokenCounter {
    if (!this.tokens) throw new ModelNotLoadedError("No local server model is selected yet.");
    return this.tokens;
  }
}

/** The request body: OpenAI's fields only, leaving out what the caller did not set so server defaults apply. */
function chatRequest(model: string, options: GenerateOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model,
    messages: options.messages.map(({ role, content }) => ({ role, content })),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (options.maxTokens !== undefined) body.max_tokens = options.maxTokens;
  if (options.temperature !== undefined) body.temperature = options.temperature;
  if (options.seed !== undefined) body.seed = options.seed;
  if (options.stop && options.stop.length > 0) body.stop = options.stop;
  return body;
}
