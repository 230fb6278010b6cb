/**
 * LlmEngine on wllama 3.13 (llama.cpp compiled to WebAssembly), single-threaded, CPU or WebGPU.
 *
 * Hosting it in the add-on (see wllama-build-assets.ts for the files):
 *   new WllamaEngine({
 *     wasmUrl: browser.runtime.getURL("wllama/wllama.wasm"),
 *     workerUrl: browser.runtime.getURL("wllama/wllama-worker.js"),
 *   })
 * Everything else it touches (fetch, navigator.gpu, the global Worker, the clock) has a default and can be injected.
 */
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
import { AbortedError, BusyError, EngineError, type HearthError, ModelNotLoadedError } from "../../shared/protocol/errors";
import { createWllamaClient, type WllamaClient, type WllamaClientFactory } from "./wllama-client";
import { chooseDevice, deviceUsed, type DeviceChoice, type GpuLike } from "./wllama-device";
import { toHearthError } from "./wllama-errors";
import { streamGeneration } from "./wllama-generation";
import { WllamaLogCapture, type WllamaLoggerLike } from "./wllama-log";
import { WllamaTokenCounter } from "./wllama-token-count";
import { modelBlobs, type FetchLike } from "./model-blobs";
import { withWorkerRedirect, type WorkerScope } from "./worker-redirect";
import { workerUrlFor } from "./worker-source";

export interface WllamaEngineOptions {
  /** URL of wllama.wasm shipped with the add-on (moz-extension://…/wllama/wllama.wasm). */
  wasmUrl: string;
  /** URL of the generated worker file (moz-extension://…/wllama/wllama-worker.js); see worker-source.ts. */
  workerUrl: string;
  /** Default 2048 tokens when LoadOptions.contextSize is not given. */
  defaultContextSize?: number;
  fetch?: FetchLike;
  /** navigator.gpu, or null for none. */
  gpu?: GpuLike | null;
  hasJspi?: () => boolean;
  /** Whose Worker constructor to redirect while loading; default globalThis. */
  workerScope?: WorkerScope;
  createClient?: WllamaClientFactory;
  /** Receives wllama's and llama.cpp's log lines; default: warnings and errors to the console. */
  log?: Partial<WllamaLoggerLike>;
  now?: () => number;
}

interface Loaded {
  client: WllamaClient;
  capture: WllamaLogCapture;
  info: EngineInfo;
  counter: WllamaTokenCounter;
  /** Why the worker died after loading; what its pending requests fail with instead of wllama's "model unloaded". */
  death: HearthError | null;
}

const DEFAULT_CONTEXT = 2048;
const defaultLog: Partial<WllamaLoggerLike> = { warn: console.warn, error: console.error };

/** The wllama backend. One model at a time; load() replaces it. */
export class WllamaEngine implements LlmEngine {
  readonly backend = "wllama" as const;
  private loaded: Loaded | null = null;
  private loading = false;
  /** Bumped by unload(), so a load that finishes after an unload does not resurrect its model. */
  private unloads = 0;
  private readonly active = new Set<AbortController>();

  constructor(private readonly options: WllamaEngineOptions) {}

  async load(options: LoadOptions): Promise<void> {
    if (this.loading) throw new BusyError("Another model is loading.");
    this.loading = true;
    try {
      const replacing = this.unload();
      const epoch = this.unloads;
      await replacing;
      const loaded = await this.loadModel(options);
      if (epoch !== this.unloads) {
        await loaded.client.exit().catch(() => {});
        throw new AbortedError("The model was unloaded while it was loading.");
      }
      this.loaded = loaded;
      this.watchWorker(loaded);
    } finally {
      this.loading = false;
    }
  }

  private async loadModel(options: LoadOptions): Promise<Loaded> {
    const { signal, onProgress } = options;
    const fetchFn = this.options.fetch ?? egressFetchFor("model-download");
    const blobs = await modelBlobs(options.source, fetchFn, signal, onProgress);
    if (signal?.aborted) throw new AbortedError();

    const requestedDevice = options.device ?? "cpu";
    const choice = await chooseDevice(requestedDevice, {
      gpu: this.options.gpu === undefined ? globalThis.navigator?.gpu : this.options.gpu,
      hasJspi: (this.options.hasJspi ?? (() => "Suspending" in WebAssembly))(),
    });
    try {
      return await this.loadWith(choice, blobs, options);
    } catch (error) {
      // WebGPU in browsers still fails in ways no capability check predicts (a lost device, a driver's limits, video
      // memory), and llama.cpp often reports them as a failed model load. With "auto" the user asked for whatever
      // works, so the same model is loaded once more on the CPU; only a stop is not retried. A file that is really
      // broken fails there too, with the CPU's error.
      const retryOnCpu = requestedDevice === "auto" && choice.gpuLayers > 0 && !signal?.aborted && !(error instanceof AbortedError);
      if (!retryOnCpu) throw error;
      const why = error instanceof Error ? error.message : String(error);
      const loaded = await this.loadWith({ gpuLayers: 0, reason: `CPU: loading on WebGPU failed (${why})` }, blobs, options);
      loaded.info.details.gpuFallback = true;
      return loaded;
    }
  }

  /** One attempt at loading `blobs` on a fresh wllama worker, with `choice`'s layers on the GPU. */
  private async loadWith(choice: DeviceChoice, blobs: Blob[], options: LoadOptions): Promise<Loaded> {
    const { signal, onProgress } = options;
    const capture = new WllamaLogCapture(this.options.log ?? defaultLog);
    const client = (this.options.createClient ?? createWllamaClient)({ wasmUrl: this.options.wasmUrl, logger: capture.logger });
    const requested = options.contextSize ?? this.options.defaultContextSize ?? DEFAULT_CONTEXT;
    onProgress?.({ phase: "initializing", loaded: 0, total: 1 });

    // wllama never settles a load whose worker or wasm failed to start; the logger sees it instead.
    const workerFailed = capture.workerFailure((m) => new EngineError(`The wllama worker did not start: ${m}`));
    const stopped = abortPromise(signal);
    const workerUrl = () => workerUrlFor(this.options.workerUrl, { wasmUrl: this.options.wasmUrl, gpu: choice.gpuLayers > 0 });
    const loading = withWorkerRedirect(this.options.workerScope ?? globalThis, workerUrl, () =>
      client.loadModel(blobs, { n_ctx: requested, n_threads: 1, n_gpu_layers: choice.gpuLayers }),
    );
    try {
      await Promise.race([loading, workerFailed, stopped.promise]);
    } catch (error) {
      loading.catch(() => {});
      await client.exit().catch(() => {});
      throw toHearthError(error, capture.errors());
    } finally {
      stopped.dispose();
    }

    const context = client.getLoadedContextInfo();
    // wllama 3.13 resolves loadModel even when llama.cpp failed to load the file; only load_res.success says so.
    if (context.success === false || context.n_vocab === 0) {
      await client.exit().catch(() => {});
      // Typed like wllama's own load errors, so it maps to ModelFileError unless the log shows it ran out of memory.
      throw toHearthError(Object.assign(new Error("llama.cpp could not load the model"), { type: "load_error" }), capture.errors());
    }
    onProgress?.({ phase: "initializing", loaded: 1, total: 1 });
    // llama.cpp does not clamp n_ctx to the trained context; past it the model degrades, so report the smaller one.
    const usable = context.n_ctx_train > 0 ? Math.min(context.n_ctx, context.n_ctx_train) : context.n_ctx;
    return {
      client,
      capture,
      info: this.describe(options.modelId, choice, capture, usable, context.n_ctx, context.n_layer),
      counter: new WllamaTokenCounter(client, context.n_ctx, context.add_bos_token, context.metadata["tokenizer.chat_template"]),
      death: null,
    };
  }

  /**
   * wllama settles nothing when its worker dies after loading (an uncaught error reaches it only as an ErrorEvent
   * handed to the logger; an emscripten abort logs "Aborted(...)" first): a running request would wait forever, and
   * the host's queue behind it. So fail what is pending on that worker with the reason, and drop the model so the
   * next request loads it again on a fresh worker.
   */
  private watchWorker(loaded: Loaded): void {
    loaded.capture
      .workerFailure((message) => toHearthError(new Error(`The wllama worker stopped: ${message}`), loaded.capture.errors()))
      .catch((death: HearthError) => {
        loaded.death = death;
        if (this.loaded === loaded) this.loaded = null;
        // Terminates the worker and rejects wllama's pending requests, which then end with `death`.
        void loaded.client.exit().catch(() => {});
      });
  }

  private describe(
    modelId: string,
    choice: DeviceChoice,
    capture: WllamaLogCapture,
    contextSize: number,
    allocatedContext: number,
    layers: number,
  ): EngineInfo {
    const facts = capture.gpuFacts();
    const details: EngineInfo["details"] = { deviceReason: choice.reason, layers, allocatedContext };
    if (facts.offloadedLayers !== undefined) details.gpuLayers = facts.offloadedLayers;
    if (facts.deviceName !== undefined) details.gpuDevice = facts.deviceName;
    if (choice.gpuLayers > 0 && deviceUsed(choice, facts) === "cpu") details.gpuFallback = true;
    return { backend: "wllama", modelId, device: deviceUsed(choice, facts), threads: 1, contextSize, details };
  }

  generate(options: GenerateOptions): AsyncIterable<GenerateChunk> & { stats(): Promise<GenerateStats> } {
    const loaded = this.loaded;
    if (!loaded) throw new ModelNotLoadedError("No model is loaded.");
    // Tie the request to the engine too, so unload() stops it.
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (options.signal?.aborted) controller.abort();
    this.active.add(controller);
    const stream = streamGeneration(
      { ...options, signal: controller.signal },
      {
        client: loaded.client,
        now: this.options.now ?? (() => performance.now()),
        errorLines: () => loaded.capture.errors(),
        workerDeath: () => loaded.death,
      },
    );
    const release = () => {
      this.active.delete(controller);
      options.signal?.removeEventListener("abort", onAbort);
    };
    stream.stats().then(release, release);
    return stream;
  }

  async countTokens(text: string): Promise<number> {
    const loaded = this.requireLoaded();
    try {
      return await loaded.counter.countText(text);
    } catch (error) {
      throw loaded.death ?? toHearthError(error, loaded.capture.errors());
    }
  }

  async countChatTokens(messages: ChatMessage[]): Promise<number> {
    const loaded = this.requireLoaded();
    try {
      return await loaded.counter.countChat(messages);
    } catch (error) {
      throw loaded.death ?? toHearthError(error, loaded.capture.errors());
    }
  }

  contextSize(): number {
    return this.loaded?.info.contextSize ?? 0;
  }

  info(): EngineInfo | null {
    return this.loaded ? { ...this.loaded.info, details: { ...this.loaded.info.details } } : null;
  }

  isLoaded(): boolean {
    return this.loaded !== null;
  }

  async unload(): Promise<void> {
    this.unloads += 1;
    const loaded = this.loaded;
    this.loaded = null;
    for (const controller of this.active) controller.abort();
    this.active.clear();
    // Terminates the worker, which frees the wasm memory at once.
    await loaded?.client.exit().catch(() => {});
  }

  private requireLoaded(): Loaded {
    if (!this.loaded) throw new ModelNotLoadedError("No model is loaded.");
    return this.loaded;
  }
}

function abortPromise(signal: AbortSignal | undefined): { promise: Promise<never>; dispose: () => void } {
  let dispose = () => {};
  const promise = new Promise<never>((_, reject) => {
    if (!signal) return;
    if (signal.aborted) return reject(new AbortedError());
    const onAbort = () => reject(new AbortedError());
    signal.addEventListener("abort", onAbort, { once: true });
    dispose = () => signal.removeEventListener("abort", onAbort);
  });
  return { promise, dispose };
}
