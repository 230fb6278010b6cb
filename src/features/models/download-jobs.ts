/**
 * Downloads that belong to the background, not to the page that started them: closing the settings tab only stops
 * watching, the download goes on, and a page opened later watches it again from its latest progress. Only Stop (or an
 * error) ends one. While any runs, the event page is kept awake, as it is during engine work.
 */
import { EventQueue } from "./event-queue";

export interface JobChunk {
  kind: string;
}

/** Runs the work of one job: report through `emit`, stop when `signal` aborts, resolve with the last chunk. */
export type JobWork<C extends JobChunk> = (signal: AbortSignal, emit: (chunk: C) => void) => Promise<C>;

/** One running job and whoever watches it. */
export class Job<C extends JobChunk> {
  readonly #controller = new AbortController();
  readonly #watchers = new Set<EventQueue<C>>();
  #latest: C | null = null;
  #finished: { last?: C; error?: unknown } | null = null;
  readonly done: Promise<void>;

  constructor(
    work: JobWork<C>,
    private readonly isProgress: (chunk: C) => boolean,
  ) {
    this.done = work(this.#controller.signal, (chunk) => this.#emit(chunk)).then(
      (last) => this.#finish({ last }),
      (error: unknown) => this.#finish({ error }),
    );
  }

  /** Stop the work; watchers get its end (an AbortedError from the work). */
  stop(): void {
    this.#controller.abort();
  }

  /**
   * The job's chunks from now on, starting with its latest progress. Aborting `signal` stops watching only: the job
   * runs on.
   */
  async *watch(signal: AbortSignal): AsyncGenerator<C> {
    if (signal.aborted) return;
    const queue = new EventQueue<C>(this.isProgress);
    if (this.#finished) {
      if (this.#finished.last) queue.push(this.#finished.last);
      queue.end(this.#finished.error);
    } else {
      if (this.#latest) queue.push(this.#latest);
      this.#watchers.add(queue);
    }
    const unwatch = () => {
      this.#watchers.delete(queue);
      queue.end();
    };
    signal.addEventListener("abort", unwatch, { once: true });
    try {
      yield* queue.drain();
    } finally {
      signal.removeEventListener("abort", unwatch);
      this.#watchers.delete(queue);
    }
  }

  #emit(chunk: C): void {
    if (this.isProgress(chunk)) this.#latest = chunk;
    for (const queue of this.#watchers) queue.push(chunk);
  }

  #finish(finished: { last?: C; error?: unknown }): void {
    this.#finished = finished;
    for (const queue of this.#watchers) {
      if (finished.last) queue.push(finished.last);
      queue.end(finished.error);
    }
    this.#watchers.clear();
  }
}

export interface JobsOptions<C extends JobChunk> {
  isProgress: (chunk: C) => boolean;
  /** Keep the event page awake until `signal` aborts (runtime.getPlatformInfo every few seconds, in the add-on). */
  keepAwake: (signal: AbortSignal) => void;
}

/** The running jobs, one per key (a model id). */
export class Jobs<C extends JobChunk> {
  readonly #running = new Map<string, Job<C>>();
  #awake: AbortController | null = null;

  constructor(private readonly options: JobsOptions<C>) {}

  /** The job running under `key`, if any. */
  get(key: string): Job<C> | undefined {
    return this.#running.get(key);
  }

  /** Keys of the running jobs. */
  keys(): string[] {
    return [...this.#running.keys()];
  }

  /** The job running under `key`, or a new one doing `work`. */
  start(key: string, work: JobWork<C>): Job<C> {
    const running = this.#running.get(key);
    if (running) return running;
    const job = new Job(work, this.options.isProgress);
    this.#running.set(key, job);
    if (!this.#awake) {
      this.#awake = new AbortController();
      this.options.keepAwake(this.#awake.signal);
    }
    void job.done.then(() => {
      if (this.#running.get(key) === job) this.#running.delete(key);
      if (this.#running.size === 0) {
        this.#awake?.abort();
        this.#awake = null;
      }
    });
    return job;
  }
}
