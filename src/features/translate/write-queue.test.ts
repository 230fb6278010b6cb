import { describe, expect, it } from "vitest";
import { WriteQueue } from "./write-queue";

function manualScheduler() {
  const flushes: Array<() => void> = [];
  return { schedule: (flush: () => void) => void flushes.push(flush), flushes };
}

describe("WriteQueue", () => {
  it("runs all writes pushed before a frame in one scheduled flush, inside the wrapper", () => {
    const scheduler = manualScheduler();
    const log: string[] = [];
    const queue = new WriteQueue({
      schedule: scheduler.schedule,
      wrap: (writes) => {
        log.push("begin");
        writes();
        log.push("end");
      },
    });
    queue.push(() => log.push("one"));
    queue.push(() => log.push("two"));
    expect(scheduler.flushes).toHaveLength(1);
    expect(log).toEqual([]);
    scheduler.flushes[0]?.();
    expect(log).toEqual(["begin", "one", "two", "end"]);
    expect(queue.pending).toBe(0);
  });

  it("stops a flush at its time budget and continues in the next frame", () => {
    const scheduler = manualScheduler();
    let time = 0;
    const done: number[] = [];
    const queue = new WriteQueue({ schedule: scheduler.schedule, budgetMs: 3, now: () => time });
    for (let index = 0; index < 5; index += 1) {
      queue.push(() => {
        time += 1;
        done.push(index);
      });
    }
    scheduler.flushes.shift()?.();
    expect(done).toEqual([0, 1, 2]);
    expect(queue.pending).toBe(2);
    scheduler.flushes.shift()?.();
    expect(done).toEqual([0, 1, 2, 3, 4]);
  });

  it("drops queued writes and the scheduled flush on clear, and keeps going after a failing write", async () => {
    const scheduler = manualScheduler();
    const errors: unknown[] = [];
    const done: string[] = [];
    const queue = new WriteQueue({ schedule: scheduler.schedule, onError: (error) => errors.push(error) });
    queue.push(() => done.push("cancelled"));
    queue.clear();
    scheduler.flushes.shift()?.();
    expect(done).toEqual([]);
    queue.push(() => {
      throw new Error("boom");
    });
    queue.push(() => done.push("after"));
    const idle = queue.whenIdle();
    scheduler.flushes.shift()?.();
    await idle;
    expect(done).toEqual(["after"]);
    expect(errors).toHaveLength(1);
  });
});
