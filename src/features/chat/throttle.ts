/**
 * Run the latest of many rapid calls at most once per interval, the last one always: streaming an answer changes it
 * dozens of times a second, and each change written to IndexedDB is a transaction.
 */

export interface Throttled<A extends unknown[]> {
  /** Ask for a run with these arguments; runs now if the interval has passed, else once it has, with the latest ones. */
  (...args: A): void;
  /** Run a pending call now; resolves when it (and any run in progress) has finished. */
  flush(): Promise<void>;
  /** Drop a pending call. */
  cancel(): void;
}

export interface ThrottleClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: ThrottleClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Throttle `run` to one call per `intervalMs`; runs never overlap, and the last requested one is never lost. */
export function throttle<A extends unknown[]>(
  run: (...args: A) => Promise<void>,
  intervalMs: number,
  clock: ThrottleClock = realClock,
): Throttled<A> {
  let pending: A | null = null;
  let timer: unknown = null;
  let lastRun = -Infinity;
  let running: Promise<void> = Promise.resolve();

  const start = (): Promise<void> => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    const args = pending;
    pending = null;
    if (!args) return running;
    lastRun = clock.now();
    // Chained, so a slow write is never overtaken by the next one.
    running = running.then(() => run(...args)).catch(() => {});
    return running;
  };

  const throttled = (...args: A) => {
    pending = args;
    if (timer !== null) return;
    const wait = lastRun + intervalMs - clock.now();
    if (wait <= 0) void start();
    else timer = clock.setTimeout(() => void start(), wait);
  };
  throttled.flush = () => start();
  throttled.cancel = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    pending = null;
  };
  return throttled;
}
