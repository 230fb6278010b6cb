/**
 * The order in which queued engine jobs run: interactive work (a selection, a chat message) before batch work (a
 * page's translation), and, within a priority, round-robin across owners so one tab's long batch cannot starve another.
 */

export type JobPriority = "interactive" | "batch";

export interface QueuedJob {
  id: number;
  /** Who asked: a tab id, or null for the sidebar/popup. Used for fairness and for dropping a closed tab's work. */
  ownerTabId: number | null;
  priority: JobPriority;
}

const ownerKey = (job: QueuedJob) => (job.ownerTabId === null ? "pages" : `tab:${job.ownerTabId}`);

export class JobQueue<J extends QueuedJob> {
  private readonly jobs: J[] = [];
  /** The owner served last at each priority, so the next pick starts after it. */
  private readonly lastOwner: Record<JobPriority, string | null> = { interactive: null, batch: null };

  get size(): number {
    return this.jobs.length;
  }

  push(job: J): void {
    this.jobs.push(job);
  }

  /** Remove and return the next job to run, or undefined when empty. */
  next(): J | undefined {
    for (const priority of ["interactive", "batch"] as const) {
      const candidates = this.jobs.filter((job) => job.priority === priority);
      if (candidates.length === 0) continue;
      const owners = [...new Set(candidates.map(ownerKey))];
      const last = this.lastOwner[priority];
      const start = last === null ? 0 : (owners.indexOf(last) + 1) % owners.length;
      // indexOf is -1 when the last owner has nothing queued any more: start from the first owner then.
      const owner = owners[last !== null && owners.indexOf(last) === -1 ? 0 : start];
      const job = candidates.find((candidate) => ownerKey(candidate) === owner);
      if (!job) continue;
      this.lastOwner[priority] = ownerKey(job);
      this.jobs.splice(this.jobs.indexOf(job), 1);
      return job;
    }
    return undefined;
  }

  /** Remove and return every job matching `predicate` (e.g. a closed tab's jobs). */
  removeWhere(predicate: (job: J) => boolean): J[] {
    const removed = this.jobs.filter(predicate);
    for (const job of removed) this.jobs.splice(this.jobs.indexOf(job), 1);
    return removed;
  }

  /** 1-based position of a queued job in run order if nothing else arrives, or 0 when it is not queued. */
  positionOf(id: number): number {
    const order = [...this.jobs].sort((a, b) => (a.priority === b.priority ? 0 : a.priority === "interactive" ? -1 : 1));
    return order.findIndex((job) => job.id === id) + 1;
  }
}
