/**
 * The engine host: the background's single owner of the one loaded model. It queues jobs (interactive before batch,
 * fair across tabs), loads the active model on demand, unloads it after the keep-alive window, and keeps Firefox from
 * suspending the event page while a model is in use. It never calls browser.*: the background passes in what it needs.
 */
import { AbortedError, BusyError, EngineError, isAbort, ModelNotLoadedError } from "../../shared/protocol/errors";
import { encodeError } from "../../shared/protocol/errors";
import type { EngineState } from "../../shared/protocol/status";
import type { ChatMessage, EngineInfo, GenerateStats, LlmEngine, LoadOptions } from "../engine";
import { JobQueue, type JobPriority, type QueuedJob } from "./job-queue";

export interface EngineHostDeps {
  /** A fresh engine of the chosen backend. Called again after an engine fails, so a crash is not sticky. */
  createEngine(): LlmEngine;
  /** The model to load when a job needs one, from local storage; null when the user has none yet. */
  activeModel(): Promise<Omit<LoadOptions, "signal" | "onProgress"> | null>;
  /** How long an idle model stays loaded, in ms (read on every use, so settings changes apply at once). */
  keepAliveMs(): number;
  /**
   * An async browser API call that counts as activity for Firefox's event-page idle timer (runtime.getPlatformInfo).
   * Without it Firefox ends the background 30 s after the last event, killing the model mid-answer.
   */
  heartbeat(): Promise<unknown>;
  heartbeatIntervalMs?: number;
  onState(state: EngineState): void;
}

export interface GenerateRequest {
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  seed?: number;
  stop?: string[];
  ownerTabId: number | null;
  priority: JobPriority;
}

export type HostChunk =
  | { kind: "queued"; position: number }
  | { kind: "started"; info: EngineInfo }
  | { kind: "text"; text: string }
  | { kind: "done"; stats: GenerateStats };

interface Job extends QueuedJob {
  start: () => void;
  fail: (error: Error) => void;
}

export class EngineHost {
  private engine: LlmEngine;
  private loading: Promise<void> | null = null;
  private loadingModelId: string | null = null;
  private readonly queue = new JobQueue<Job>();
  private running: { job: Job; controller: AbortController } | null = null;
  private nextJobId = 1;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  private lastError: EngineState | null = null;

  constructor(private readonly deps: EngineHostDeps) {
    this.engine = deps.createEngine();
  }

  /** What the UI shows. */
  state(): EngineState {
    const info = this.engine.info();
    if (this.loading) return { phase: "loading", modelId: this.loadingModelId ?? "", loaded: 0, total: 0 };
    if (this.running && info) return { phase: "generating", info, queued: this.queue.size };
    if (info && this.engine.isLoaded()) return { phase: "ready", info };
    return this.lastError ?? { phase: "idle" };
  }

  /** What the loaded engine reports, or null when no model is loaded. */
  info(): EngineInfo | null {
    return this.engine.isLoaded() ? this.engine.info() : null;
  }

  /** Unload and switch to a freshly created engine (the backend or its settings changed). */
  async replaceBackend(): Promise<void> {
    if (this.loading) throw new BusyError("A model is loading. Try again when it is ready.");
    this.clearIdleTimer();
    await this.replaceEngine();
    this.publish();
  }

  /** Load a specific model now (after a download, or a switch in the UI). */
  async load(options: Omit<LoadOptions, "signal" | "onProgress">, signal?: AbortSignal): Promise<void> {
    if (this.loading) {
      if (this.loadingModelId === options.modelId) return this.loading;
      throw new BusyError(`Another model (${this.loadingModelId}) is loading. Try again when it is ready.`);
    }
    await this.loadNow(options, signal);
  }

  /** Stream a chat completion. The first chunk says where the job is in the queue. */
  async *generate(request: GenerateRequest, signal: AbortSignal): AsyncGenerator<HostChunk> {
    const id = this.nextJobId++;
    let started!: () => void;
    let failed!: (error: Error) => void;
    const turn = new Promise<void>((resolve, reject) => {
      started = resolve;
      failed = reject;
    });
    // A job dropped before its turn is only awaited if the consumer is still there; never leave the rejection unhandled.
    turn.catch(() => {});
    const job: Job = { id, ownerTabId: request.ownerTabId, priority: request.priority, start: started, fail: failed };
    const onAbort = () => {
      if (this.queue.removeWhere((queued) => queued.id === id).length > 0) {
        job.fail(new AbortedError());
        this.publish();
      }
      if (this.running?.job.id === id) this.running.controller.abort();
    };
    if (signal.aborted) throw new AbortedError();
    signal.addEventListener("abort", onAbort, { once: true });
    this.queue.push(job);

    // Everything after the job is queued sits inside try/finally: a consumer that stops at any yield (even the first)
    // must release its place, or the queue would wait for it forever.
    try {
      this.pump();
      this.publish();
      yield { kind: "queued", position: this.queue.positionOf(id) };
      await turn;
      const controller = this.running?.job.id === id ? this.running.controller : null;
      if (!controller) throw new AbortedError();
      await this.ensureLoaded(controller.signal);
      const info = this.engine.info();
      if (info) yield { kind: "started", info };
      this.publish();
      const stream = this.engine.generate({ ...request, signal: controller.signal });
      for await (const chunk of stream) yield { kind: "text", text: chunk.text };
      yield { kind: "done", stats: await stream.stats() };
    } catch (error) {
      if (isAbort(error) || signal.aborted) throw new AbortedError();
      if (error instanceof EngineError) await this.replaceEngine();
      throw error;
    } finally {
      signal.removeEventListener("abort", onAbort);
      this.queue.removeWhere((queued) => queued.id === id);
      if (this.running?.job.id === id) {
        this.running.controller.abort();
        this.running = null;
      }
      this.publish();
      this.pump();
    }
  }

  /** Count tokens with the loaded model's own tokenizer, loading it if needed. */
  async countTokens(text: string, signal?: AbortSignal): Promise<number> {
    await this.ensureLoaded(signal);
    return this.engine.countTokens(text);
  }

  /** The context size of the active model, loading it if needed. */
  async contextSize(signal?: AbortSignal): Promise<number> {
    await this.ensureLoaded(signal);
    return this.engine.contextSize();
  }

  /** Drop a tab's queued work and stop its running job: the tab closed or navigated away. */
  dropTab(tabId: number): void {
    for (const job of this.queue.removeWhere((queued) => queued.ownerTabId === tabId)) job.fail(new AbortedError("The tab was closed."));
    if (this.running?.job.ownerTabId === tabId) this.running.controller.abort();
    this.publish();
  }

  /** Free the model now. */
  async unload(): Promise<void> {
    this.clearIdleTimer();
    await this.engine.unload();
    this.stopHeartbeat();
    this.publish();
  }

  private pump(): void {
    if (this.running) return;
    const job = this.queue.next();
    if (!job) {
      this.scheduleIdleUnload();
      return;
    }
    this.clearIdleTimer();
    this.startHeartbeat();
    this.running = { job, controller: new AbortController() };
    job.start();
  }

  private async ensureLoaded(signal?: AbortSignal): Promise<void> {
    if (this.engine.isLoaded()) return;
    if (this.loading) return this.loading;
    const options = await this.deps.activeModel();
    if (!options) {
      throw new ModelNotLoadedError("No model is ready yet. Open Hearth's settings to download or import one.");
    }
    await this.loadNow(options, signal);
  }

  private async loadNow(options: Omit<LoadOptions, "signal" | "onProgress">, signal?: AbortSignal): Promise<void> {
    this.loadingModelId = options.modelId;
    this.lastError = null;
    this.startHeartbeat();
    this.loading = this.engine.load({
      ...options,
      signal,
      onProgress: ({ loaded, total }) => this.deps.onState({ phase: "loading", modelId: options.modelId, loaded, total }),
    });
    this.publish();
    try {
      await this.loading;
    } catch (error) {
      if (!isAbort(error)) this.lastError = { phase: "error", error: encodeError(error) };
      await this.replaceEngine();
      throw error;
    } finally {
      this.loading = null;
      this.loadingModelId = null;
      this.publish();
      if (!this.running) this.scheduleIdleUnload();
    }
  }

  /** After a failure the engine (and its worker) may be broken: start the next job on a fresh one. */
  private async replaceEngine(): Promise<void> {
    await this.engine.unload().catch(() => {});
    this.engine = this.deps.createEngine();
  }

  private scheduleIdleUnload(): void {
    this.clearIdleTimer();
    if (!this.engine.isLoaded() || this.loading) {
      if (!this.loading) this.stopHeartbeat();
      return;
    }
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (!this.running && this.queue.size === 0) void this.unload();
    }, this.deps.keepAliveMs());
  }

  private clearIdleTimer(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private startHeartbeat(): void {
    if (this.heartbeatTimer !== null) return;
    this.heartbeatTimer = setInterval(() => void this.deps.heartbeat().catch(() => {}), this.deps.heartbeatIntervalMs ?? 10_000);
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer !== null) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  private publish(): void {
    this.deps.onState(this.state());
  }
}
