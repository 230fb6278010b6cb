/**
 * Hands summary jobs from menu clicks and commands to the sidebar of the window they came from. A menu click must
 * open the sidebar before anything else (a user-input rule), and the freshly opened sidebar then asks for its job;
 * a sidebar that is already open hears of the job at once. No browser APIs, so it is unit-tested as is.
 */
import type { SummaryJob, SummaryTarget } from "./protocol";

/** How long a job waits for a sidebar to pick it up; later, a sidebar opened by hand starts empty. */
export const JOB_TTL_MS = 60_000;

interface Watcher {
  deliver(job: SummaryJob): void;
}

export class JobBoard {
  private nextId = 1;
  private readonly waiting = new Map<number, { job: SummaryJob; at: number }>();
  private readonly watchers = new Map<number, Set<Watcher>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Post a job for window `windowId`: to its open sidebar, or kept until one opens. */
  post(windowId: number, target: SummaryTarget): SummaryJob {
    const job = { id: this.nextId++, target };
    const watchers = this.watchers.get(windowId);
    if (watchers && watchers.size > 0) {
      for (const watcher of watchers) watcher.deliver(job);
    } else {
      this.waiting.set(windowId, { job, at: this.now() });
    }
    return job;
  }

  /** The jobs for window `windowId`'s sidebar: the one waiting (if still fresh), then each new one, until `signal`. */
  async *watch(windowId: number, signal: AbortSignal): AsyncGenerator<SummaryJob> {
    const inbox: SummaryJob[] = [];
    let wake: (() => void) | null = null;
    const watcher: Watcher = {
      deliver(job) {
        inbox.push(job);
        wake?.();
      },
    };
    const waiting = this.waiting.get(windowId);
    this.waiting.delete(windowId);
    if (waiting && this.now() - waiting.at <= JOB_TTL_MS) inbox.push(waiting.job);
    const set = this.watchers.get(windowId) ?? new Set<Watcher>();
    set.add(watcher);
    this.watchers.set(windowId, set);
    const onAbort = () => wake?.();
    signal.addEventListener("abort", onAbort);
    try {
      while (!signal.aborted) {
        const job = inbox.shift();
        if (job) {
          yield job;
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
    } finally {
      signal.removeEventListener("abort", onAbort);
      set.delete(watcher);
      if (set.size === 0) this.watchers.delete(windowId);
      // A sidebar closing just as a job arrived never saw it: keep the newest for the next sidebar.
      const unseen = inbox.at(-1);
      if (unseen && !this.waiting.has(windowId)) this.waiting.set(windowId, { job: unseen, at: this.now() });
    }
  }
}
