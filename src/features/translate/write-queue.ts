/**
 * Collects DOM writes and runs them together when the page is about to paint (requestAnimationFrame in the content
 * script, injectable for tests), so a stream of translations costs one layout per frame instead of one per segment.
 * A frame's writes stop after a time budget and the rest wait for the next frame.
 */

export interface WriteQueueOptions {
  /** Schedules one flush, e.g. `(flush) => requestAnimationFrame(flush)`. */
  schedule: (flush: () => void) => void;
  /** Wraps each flush, e.g. to keep the mutation follower from seeing Hearth's own writes. */
  wrap?: (writes: () => void) => void;
  /** Stop a flush after this many ms and continue in the next one. */
  budgetMs?: number;
  now?: () => number;
  /** Told about a write that threw; the other writes still run. */
  onError?: (error: unknown) => void;
}

/** A queue of DOM writes flushed in batches on the supplied schedule. */
export class WriteQueue {
  readonly #options: WriteQueueOptions;
  #writes: Array<() => void> = [];
  #scheduled = false;
  #generation = 0;
  #idleWaiters: Array<() => void> = [];

  constructor(options: WriteQueueOptions) {
    this.#options = options;
  }

  /** Writes waiting for the next flush. */
  get pending(): number {
    return this.#writes.length;
  }

  /** Queue a write; the first write after a flush schedules the next one. */
  push(write: () => void): void {
    this.#writes.push(write);
    this.#schedule();
  }

  /** Run queued writes now, up to the time budget; the rest are scheduled again. */
  flushNow(budget = this.#options.budgetMs ?? 8): void {
    const now = this.#options.now ?? (() => performance.now());
    const wrap = this.#options.wrap ?? ((writes: () => void) => writes());
    const writes = this.#writes;
    this.#writes = [];
    let index = 0;
    const start = now();
    wrap(() => {
      while (index < writes.length) {
        const write = writes[index];
        index += 1;
        try {
          write?.();
        } catch (error) {
          // One failed write must not take the rest of the page's translations down with it.
          this.#options.onError?.(error);
        }
        if (now() - start >= budget) break;
      }
    });
    if (index < writes.length) {
      this.#writes = writes.slice(index).concat(this.#writes);
      this.#schedule();
    } else if (this.#writes.length === 0) {
      this.#notifyIdle();
    }
  }

  /** Run every queued write now, whatever the budget (where no frame will come to run them). */
  drain(): void {
    while (this.#writes.length > 0) this.flushNow(Number.POSITIVE_INFINITY);
  }

  /** Resolves once every queued write has run (or been cleared). */
  whenIdle(): Promise<void> {
    if (this.#writes.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Drop every queued write and any scheduled flush. */
  clear(): void {
    this.#writes = [];
    this.#scheduled = false;
    this.#generation += 1;
    this.#notifyIdle();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    const generation = this.#generation;
    this.#options.schedule(() => {
      // A flush scheduled before clear() belongs to cancelled work.
      if (generation !== this.#generation) return;
      this.#scheduled = false;
      this.flushNow();
    });
  }

  #notifyIdle(): void {
    const waiters = this.#idleWaiters.splice(0, this.#idleWaiters.length);
    for (const resolve of waiters) resolve();
  }
}
