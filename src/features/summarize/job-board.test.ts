import { describe, expect, it } from "vitest";
import { JOB_TTL_MS, JobBoard } from "./job-board";
import type { SummaryJob } from "./protocol";

const page = (tabId: number) => ({ kind: "page" as const, tabId });

async function take(jobs: AsyncGenerator<SummaryJob>, n: number): Promise<SummaryJob[]> {
  const out: SummaryJob[] = [];
  while (out.length < n) {
    const next = await jobs.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

describe("JobBoard", () => {
  it("keeps a job posted before the sidebar opened, and hands it to the first sidebar of that window only", async () => {
    const board = new JobBoard();
    board.post(1, page(10));
    board.post(2, page(20));
    const controller = new AbortController();
    const first = board.watch(1, controller.signal);
    expect((await take(first, 1)).map((job) => job.target)).toEqual([page(10)]);
    // A second sidebar of window 1 (the first was reloaded) finds nothing waiting.
    const other = new AbortController();
    const second = board.watch(1, other.signal);
    const pending = second.next();
    board.post(1, page(11));
    expect((await pending).value?.target).toEqual(page(11));
    expect((await first.next()).value?.target).toEqual(page(11));
    controller.abort();
    other.abort();
    expect((await first.next()).done).toBe(true);
  });

  it("delivers jobs to an open sidebar at once, in order, with increasing ids", async () => {
    const board = new JobBoard();
    const controller = new AbortController();
    const jobs = board.watch(3, controller.signal);
    const pending = take(jobs, 2);
    const a = board.post(3, page(1));
    const b = board.post(3, { kind: "pdf", url: "https://example.org/a.pdf", tabId: null });
    expect(await pending).toEqual([a, b]);
    expect(b.id).toBeGreaterThan(a.id);
    controller.abort();
  });

  it("drops a waiting job once it is stale", async () => {
    let now = 0;
    const board = new JobBoard(() => now);
    board.post(1, page(10));
    now = JOB_TTL_MS + 1;
    const controller = new AbortController();
    const jobs = board.watch(1, controller.signal);
    const next = jobs.next();
    controller.abort();
    expect((await next).done).toBe(true);
  });

  it("keeps a job that reached a sidebar as it closed, for the next one", async () => {
    const board = new JobBoard();
    const controller = new AbortController();
    const jobs = board.watch(1, controller.signal);
    await Promise.resolve();
    const first = jobs.next();
    board.post(1, page(1));
    await first;
    board.post(1, page(2)); // queued in the watcher, never taken
    controller.abort();
    await jobs.return(undefined);
    const again = new AbortController();
    expect((await take(board.watch(1, again.signal), 1))[0]?.target).toEqual(page(2));
    again.abort();
  });
});
