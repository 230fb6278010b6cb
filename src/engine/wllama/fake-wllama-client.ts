/**
 * Test stand-in for wllama (WllamaClient), behaving the way wllama 3.13 was measured to behave in Firefox: chat
 * streams end with a delta-less chunk carrying finish_reason and timings, an aborted request throws an error named
 * "AbortError" at its next step, prompts longer than the context are refused with llama-server's message, and a failed
 * load resolves with success=false. Used only by unit tests.
 */
import type { ChatCompletionChunk, LoadedContextInfo, LoadModelParams, RawCompletionChunk } from "@wllama/wllama";
import type { ChatStreamParams, RawParams, WllamaClient, WllamaClientConfig } from "./wllama-client";

export interface FakeWllamaScript {
  /** Text pieces every chat stream yields, one per token. */
  reply?: string[];
  finishReason?: "stop" | "length";
  /** Prompt tokens the fake reports; default: characters of all message contents. */
  promptTokens?: number;
  contextSize?: number;
  addBos?: boolean;
  /** Lines logged through wllama's logger while loading (e.g. "load_tensors: offloaded 3/3 layers to GPU"). */
  loadLog?: { level: "debug" | "error"; text: string }[];
  /** The load resolves but llama.cpp failed, as wllama 3.13 does with a bad file. */
  loadFails?: boolean;
  /** loadModel rejects with this error when asked to offload layers to the GPU (a lost device, a driver limit). */
  gpuLoadError?: Error;
  /** loadModel never settles (a worker that never answers). */
  loadHangs?: boolean;
  /** The worker fails to start: wllama hands the ErrorEvent to logger.error and its load never settles. */
  workerError?: boolean;
  /** Thrown by the n-th chat stream step. */
  streamError?: { atPiece: number; error: Error };
  /**
   * The worker dies at the n-th chat stream step: wllama hands its ErrorEvent to logger.error and the request stays
   * pending until exit(), which rejects it as wllama 3.13's rejectAll does.
   */
  workerDiesAt?: { atPiece: number; message: string };
  /** Texts the fake tokenizer reads as one special token each; default ["<|im_end|>"]. */
  specialTokens?: string[];
  /** tokenizer.chat_template in the loaded metadata. */
  chatTemplate?: string;
  /** A Worker constructor the fake "starts" its worker with during load, like wllama's createWorker. */
  workerScope?: { Worker: new (url: string, options?: WorkerOptions) => unknown };
}

function abortError(): Error {
  const error = new Error("Operation aborted");
  error.name = "AbortError";
  return error;
}

/** A fake wllama plus a record of what the engine asked of it. */
export class FakeWllamaClient implements WllamaClient {
  readonly loads: LoadModelParams[] = [];
  readonly chats: ChatStreamParams[] = [];
  readonly raws: RawParams[] = [];
  exits = 0;
  /** Rejecters of requests left pending by a dead worker; exit() settles them. */
  private readonly pending = new Set<(error: Error) => void>();
  private info: (LoadedContextInfo & { success?: boolean }) | null = null;

  constructor(
    readonly config: WllamaClientConfig,
    private readonly script: FakeWllamaScript = {},
  ) {}

  async loadModel(_blobs: Blob[], params: LoadModelParams): Promise<void> {
    this.loads.push(params);
    if (this.script.workerScope) new this.script.workerScope.Worker("blob:fake-wllama-worker", { type: "module" });
    for (const line of this.script.loadLog ?? []) this.config.logger[line.level](line.text);
    if (this.script.workerError) {
      this.config.logger.error({ type: "error", isTrusted: true, message: "" });
      return new Promise<void>(() => {});
    }
    if (this.script.loadHangs) return new Promise<void>(() => {});
    if (this.script.gpuLoadError && (params.n_gpu_layers ?? 0) > 0) throw this.script.gpuLoadError;
    const ok = !this.script.loadFails;
    this.info = {
      success: ok,
      n_vocab: ok ? 258 : 0,
      n_ctx: ok ? (this.script.contextSize ?? params.n_ctx ?? 1024) : 0,
      n_batch: 512,
      n_ubatch: 512,
      n_ctx_train: ok ? 512 : 0,
      n_embd: 64,
      n_layer: 2,
      metadata: this.script.chatTemplate === undefined ? {} : { "tokenizer.chat_template": this.script.chatTemplate },
      token_bos: 256,
      token_eos: 257,
      token_eot: 257,
      list_tokens_eog: [257],
      has_encoder: false,
      token_decoder_start: -1,
      add_bos_token: this.script.addBos ?? false,
      add_eos_token: false,
      has_image_input: false,
      has_audio_input: false,
      has_audio_output: false,
      has_chat: true,
      has_audio_stream: false,
      has_live_asr: false,
      audio_input_rate: 0,
      audio_output_rate: 0,
      audio_voices: [],
    };
  }

  getLoadedContextInfo(): LoadedContextInfo & { success?: boolean } {
    if (!this.info) throw new Error("loadModel() is not yet called");
    return { ...this.info };
  }

  private contextSize(): number {
    return this.info?.n_ctx ?? 0;
  }

  private refuseIfTooLong(tokens: number): void {
    const context = this.contextSize();
    if (tokens > context) {
      throw new Error(`request (${tokens} tokens) exceeds the available context size (${context} tokens), try increasing it`);
    }
  }

  async createChatCompletion(params: ChatStreamParams): Promise<AsyncIterable<ChatCompletionChunk>> {
    this.chats.push(params);
    const prompt =
      this.script.promptTokens ?? params.messages.reduce((n, m) => n + (typeof m.content === "string" ? m.content.length : 0), 0);
    const pieces = this.script.reply ?? ["Hello", " world"];
    const max = params.max_tokens ?? pieces.length;
    const script = this.script;
    const refuse = () => this.refuseIfTooLong(prompt);
    const die = (message: string) => {
      this.config.logger.error({ type: "error", isTrusted: true, message });
      return new Promise<never>((_, reject) => this.pending.add(reject));
    };
    const chunk = (delta: ChatCompletionChunk["choices"][number]["delta"], finish: "stop" | "length" | null): ChatCompletionChunk => ({
      id: "",
      object: "chat.completion.chunk",
      created: 0,
      model: "",
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    });
    async function* steps(): AsyncGenerator<ChatCompletionChunk> {
      refuse();
      yield chunk({ role: "assistant" }, null);
      let produced = 0;
      for (const piece of pieces.slice(0, max)) {
        await Promise.resolve();
        if (params.abortSignal?.aborted) throw abortError();
        if (script.streamError?.atPiece === produced) throw script.streamError.error;
        if (script.workerDiesAt?.atPiece === produced) await die(script.workerDiesAt.message);
        produced += 1;
        yield chunk({ content: piece }, null);
      }
      const finish = produced < pieces.length ? "length" : (script.finishReason ?? "stop");
      const last = chunk({}, finish);
      last.timings = {
        cache_n: 0,
        prompt_n: prompt,
        prompt_ms: 1,
        prompt_per_token_ms: 0,
        prompt_per_second: 0,
        predicted_n: produced,
        predicted_ms: 1,
        predicted_per_token_ms: 0,
        predicted_per_second: 0,
      };
      yield last;
    }
    return steps();
  }

  async completeRaw(params: RawParams): Promise<RawCompletionChunk | undefined> {
    this.raws.push(params);
    // The fake tokenizer: the special tokens' texts are one token each, any other UTF-16 unit one token, plus BOS.
    const specials = this.script.specialTokens ?? ["<|im_end|>"];
    let tokens = this.script.addBos ? 1 : 0;
    for (let i = 0; i < params.prompt.length; tokens++) {
      const special = specials.find((s) => params.prompt.startsWith(s, i));
      i += special?.length ?? 1;
    }
    this.refuseIfTooLong(tokens);
    return {
      id: "",
      object: "text_completion",
      created: 0,
      model: "",
      choices: [{ text: "x", index: 0, finish_reason: "length", logprobs: null }],
      usage: { prompt_tokens: tokens, completion_tokens: 1, total_tokens: tokens + 1 },
    };
  }

  async exit(): Promise<void> {
    this.exits += 1;
    this.info = null;
    for (const reject of this.pending) reject(Object.assign(new Error("The model was unloaded"), { type: "model_not_loaded" }));
    this.pending.clear();
  }
}
