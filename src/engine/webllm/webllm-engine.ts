/**
 * The web-llm backend: runs MLC-compiled models on the GPU through WebGPU. It checks the GPU before web-llm
 * downloads anything, runs only model libraries shipped in the add-on (catalog.ts), and turns GPU failures into
 * errors the host can answer by switching to the CPU engine (webllm-errors.ts).
 */
import type { ChatCompletionRequestStreaming } from "@mlc-ai/web-llm";
import { AbortedError, EngineError, isAbort, ModelFileError, ModelNotLoadedError, NoWebGpuError } from "../../shared/protocol/errors";
import { egressFetchFor } from "../../shared/platform/egress";
import type {
  ChatMessage,
  EngineInfo,
  GenerateChunk,
  GenerateOptions,
  GenerateStats,
  LlmEngine,
  LoadOptions,
} from "../engine";
import { loadWebLlmCatalog, needsShaderF16, toModelRecord, type WebLlmCatalog, type WebLlmModel } from "./catalog";
import { checkWebGpu, type GpuLike } from "./gpu-check";
import { toLoadProgress } from "./load-progress";
import { CalibratedTokenEstimate, continuesConversation } from "./token-estimate";
import { mapWebLlmError, suggestsCpuFallback } from "./webllm-errors";
import { type CreateMlcEngine, createWebLlmEngine, type MlcEngineLike } from "./webllm-loader";

export interface WebLlmEngineOptions {
  /** Where the build put the model libraries and models.json, e.g. browser.runtime.getURL("vendor/webllm/"). */
  libBaseUrl: string;
  /** navigator.gpu, or a fake in tests. Leave the key out to use the real one; set it to undefined for "none". */
  gpu?: GpuLike | undefined;
  /** The shipped catalog; read from libBaseUrl when not given. */
  catalog?: WebLlmCatalog;
  createEngine?: CreateMlcEngine;
  fetch?: (url: string) => Promise<Response>;
  now?: () => number;
  /** GPU memory Hearth may use, in MB, when known (a setting, or what a model that ran out of memory needed). */
  memoryBudgetMB?: () => number | undefined;
  /** Where web-llm keeps downloaded weights; its default is the Cache API. */
  cacheBackend?: "cache" | "indexeddb";
}

interface Loaded {
  engine: MlcEngineLike;
  model: WebLlmModel;
  modelId: string;
  contextSize: number;
  adapter: string;
}

type Settle = { resolve: (stats: GenerateStats) => void; reject: (error: unknown) => void };

export class WebLlmEngine implements LlmEngine {
  readonly backend = "webllm" as const;
  private readonly gpu: GpuLike | undefined;
  private readonly createEngine: CreateMlcEngine;
  private readonly now: () => number;
  private catalog: WebLlmCatalog | null;
  private loaded: Loaded | null = null;
  private tokens = new CalibratedTokenEstimate();
  /** The last conversation including its reply, to spot a follow-up turn (see continuesConversation). */
  private lastConversation: ChatMessage[] | null = null;

  constructor(private readonly options: WebLlmEngineOptions) {
    const realGpu: GpuLike | undefined = globalThis.navigator?.gpu;
    this.gpu = "gpu" in options ? options.gpu : realGpu;
    this.createEngine = options.createEngine ?? createWebLlmEngine;
    this.now = options.now ?? (() => performance.now());
    this.catalog = options.catalog ?? null;
  }

  async load(options: LoadOptions): Promise<void> {
    await this.unload();
    if (options.device === "cpu") throw new NoWebGpuError("The web-llm engine runs only on the GPU; the CPU engine runs models on the CPU.");
    if (options.source.kind === "blobs") throw new ModelFileError("web-llm loads the models it ships libraries for, not model files.");
    const model = await this.findModel(options.source.kind === "named" ? options.source.name : options.modelId);
    const weightsUrl = options.source.kind === "url" ? options.source.urls[0] : undefined;
    // Before anything is downloaded: web-llm itself would only find out after fetching every weight.
    const gpu = await checkWebGpu(this.gpu, {
      modelId: model.id,
      needsShaderF16: needsShaderF16(model),
      vramMB: model.vramMB,
      ...(model.bufferSizeBytes !== undefined ? { bufferSizeBytes: model.bufferSizeBytes } : {}),
      ...budget(this.options.memoryBudgetMB?.()),
    });
    if (options.signal?.aborted) throw new AbortedError();
    const contextSize = Math.min(options.contextSize ?? model.contextSize, model.contextSize);

    let engine: MlcEngineLike;
    try {
      engine = await this.createEngine({
        appConfig: {
          model_list: [toModelRecord(model, this.options.libBaseUrl, weightsUrl)],
          ...(this.options.cacheBackend ? { cacheBackend: this.options.cacheBackend } : {}),
        },
        initProgressCallback: (report) => options.onProgress?.(toLoadProgress(report)),
        logLevel: "WARN",
      });
    } catch (error) {
      throw new EngineError(`Could not start web-llm: ${error instanceof Error ? error.message : String(error)}`);
    }
    // web-llm's unload() aborts a reload in progress, downloads included.
    const stop = () => void engine.unload().catch(() => undefined);
    options.signal?.addEventListener("abort", stop, { once: true });
    try {
      await engine.reload(model.id, { context_window_size: contextSize });
      if (options.signal?.aborted) throw new AbortedError();
    } catch (error) {
      await engine.unload().catch(() => undefined);
      if (options.signal?.aborted) throw new AbortedError();
      throw mapWebLlmError(error, "load", model.id);
    } finally {
      options.signal?.removeEventListener("abort", stop);
    }
    this.loaded = { engine, model, modelId: options.modelId, contextSize, adapter: gpu.adapter };
    this.tokens = new CalibratedTokenEstimate();
    this.lastConversation = null;
  }

  generate(options: GenerateOptions): AsyncIterable<GenerateChunk> & { stats(): Promise<GenerateStats> } {
    const startedAt = this.now();
    let settle!: Settle;
    const stats = new Promise<GenerateStats>((resolve, reject) => (settle = { resolve, reject }));
    // stats() may never be asked for; its rejection must not surface as an unhandled one.
    stats.catch(() => undefined);
    const run = this.stream(options, startedAt, settle);
    return { [Symbol.asyncIterator]: () => run, stats: () => stats };
  }

  async countTokens(text: string): Promise<number> {
    return this.tokens.count(text);
  }

  async countChatTokens(messages: ChatMessage[]): Promise<number> {
    return this.tokens.countChat(messages);
  }

  contextSize(): number {
    return this.loaded?.contextSize ?? 0;
  }

  info(): EngineInfo | null {
    if (!this.loaded) return null;
    return {
      backend: this.backend,
      modelId: this.loaded.modelId,
      device: "webgpu",
      threads: 1,
      contextSize: this.loaded.contextSize,
      details: {
        webllmModel: this.loaded.model.id,
        gpu: this.loaded.adapter,
        vramMB: this.loaded.model.vramMB,
        tokenCounts: `estimated (x${this.tokens.currentScale().toFixed(2)})`,
      },
    };
  }

  isLoaded(): boolean {
    return this.loaded !== null;
  }

  async unload(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = null;
    this.lastConversation = null;
    if (loaded) await loaded.engine.unload().catch(() => undefined);
  }

  private async *stream(options: GenerateOptions, startedAt: number, settle: Settle): AsyncGenerator<GenerateChunk> {
    let firstTokenAt: number | null = null;
    let completionTokens = 0;
    const loaded = this.loaded;
    const signal = options.signal;
    const interrupt = () => loaded?.engine.interruptGenerate();
    signal?.addEventListener("abort", interrupt, { once: true });
    try {
      if (!loaded) throw new ModelNotLoadedError("No web-llm model is loaded.");
      if (signal?.aborted) throw new AbortedError();
      const followUp = continuesConversation(this.lastConversation, options.messages);
      const chunks = await loaded.engine.chat.completions.create(chatRequest(options));
      let reply = "";
      let promptTokens: number | null = null;
      let finishReason: GenerateStats["finishReason"] = "stop";
      for await (const chunk of chunks) {
        // Leaving the loop ends web-llm's generator, which stops decoding and frees the model for the next job.
        if (signal?.aborted) break;
        const choice = chunk.choices[0];
        if (choice?.finish_reason === "length") finishReason = "length";
        if (chunk.usage) {
          promptTokens = chunk.usage.prompt_tokens;
          completionTokens = chunk.usage.completion_tokens;
        }
        const text = choice?.delta.content ?? "";
        if (text === "") continue;
        firstTokenAt ??= this.now();
        reply += text;
        if (!chunk.usage) completionTokens++;
        yield { text };
      }
      if (signal?.aborted) throw new AbortedError();
      if (promptTokens !== null && !followUp) this.tokens.observe(options.messages, promptTokens);
      this.lastConversation = [...options.messages, { role: "assistant", content: reply }];
      const end = this.now();
      settle.resolve({
        promptTokens: promptTokens ?? this.tokens.countChat(options.messages),
        completionTokens,
        timeToFirstTokenMs: (firstTokenAt ?? end) - startedAt,
        decodeMs: firstTokenAt === null ? 0 : end - firstTokenAt,
        finishReason,
      });
    } catch (error) {
      if (isAbort(error) || signal?.aborted) throw new AbortedError();
      const mapped = mapWebLlmError(error, "generate", loaded?.model.id ?? "the model");
      // A lost or exhausted GPU cannot be trusted with the next job; free it so the host can fall back.
      if (suggestsCpuFallback(mapped)) await this.unload();
      settle.reject(mapped);
      throw mapped;
    } finally {
      signal?.removeEventListener("abort", interrupt);
      const end = this.now();
      // A no-op when settled above; otherwise the answer was stopped before the model finished.
      settle.resolve({
        promptTokens: 0,
        completionTokens,
        timeToFirstTokenMs: (firstTokenAt ?? end) - startedAt,
        decodeMs: firstTokenAt === null ? 0 : end - firstTokenAt,
        finishReason: "aborted",
      });
    }
  }

  private async findModel(id: string): Promise<WebLlmModel> {
    this.catalog ??= await loadWebLlmCatalog(this.options.libBaseUrl, this.options.fetch ?? egressFetchFor("packaged"));
    const model = this.catalog.available.find((candidate) => candidate.id === id);
    if (model) return model;
    const missing = this.catalog.unavailable.find((candidate) => candidate.id === id);
    throw new ModelFileError(
      missing ? `${id} is not available in this build of Hearth: ${missing.reason}` : `${id} is not a web-llm model this build of Hearth ships.`,
    );
  }
}

function chatRequest(options: GenerateOptions): ChatCompletionRequestStreaming {
  return {
    messages: options.messages.map(({ role, content }) => ({ role, content })),
    stream: true,
    stream_options: { include_usage: true },
    ...(options.maxTokens !== undefined ? { max_tokens: options.maxTokens } : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.stop && options.stop.length > 0 ? { stop: options.stop } : {}),
  };
}

function budget(memoryBudgetMB: number | undefined): { memoryBudgetMB?: number } {
  return memoryBudgetMB === undefined ? {} : { memoryBudgetMB };
}
