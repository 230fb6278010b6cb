/**
 * Decouples long work from the stream that reports it: the work pushes events and never waits for the consumer, and
 * progress events coalesce (only the newest waits), so a slow UI cannot slow a download down, and the UI always sees
 * the latest numbers.
 */
export class EventQueue<T> {
  private items: T[] = [];
  private wake: (() => void) | null = null;
  private finished: { error: unknown } | null = null;

  /** `transient` items (progress) are replaced by a newer transient item while still queued. */
  constructor(private readonly transient: (item: T) => boolean = () => false) {}

  /** Queue `item`. */
  push(item: T): void {
    const last = this.items.at(-1);
    if (last !== undefined && this.transient(last) && this.transient(item)) this.items[this.items.length - 1] = item;
    else this.items.push(item);
    this.notify();
  }

  /** No more items; `error` (if given) is thrown to the consumer after the queued items. */
  end(error?: unknown): void {
    this.finished = { error };
    this.notify();
  }

  /** Yield items as they come, until end(). */
  async *drain(): AsyncGenerator<T> {
    for (;;) {
      const next = this.items.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.finished) {
        if (this.finished.error !== undefined) throw this.finished.error;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    this.wake?.();
    this.wake = null;
  }
}
