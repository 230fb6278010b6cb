import { describe, expect, it } from "vitest";
import { AbortedError } from "../../shared/protocol/errors";
import { Jobs, type JobWork } from "./download-jobs";

type Chunk = { kind: "progress"; loaded: number } | { kind: "done"; model: string };

/** Work that reports what it is told to, and finishes or fails when told to. */
function controllableWork() {
  let emit: (chunk: Chunk) => void = () => undefined;
  let finish: (chunk: Chunk) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  let starts = 0;
  let stopped = false;
  const work: JobWork<Chunk> = (signal, report) =>
    new Promise<Chunk>((resolve, reject) => {
      starts += 1;
      emit = report;
      finish = resolve;
      fail = reject;
      signal.addEventListener("abort", () => {
        stopped = true;
        reject(new AbortedError());
      });
    });
  return {
    work,
    emit: (chunk: Chunk) => emit(chunk),
    finish: (chunk: Chunk) => finish(chunk),
    fail: (error: unknown) => fail(error),
    starts: () => starts,
    stopped: () => stopped,
  };
}

function jobs() {
  const awake: AbortSignal[] = [];
  const all = new Jobs<Chunk>({ isProgress: (chunk) => chunk.kind === "progress", keepAwake: (signal) => void awake.push(signal) });
  return { all, awake };
}

/** Collect a watch into an array as it runs; `result` settles when the watch ends. */
function collect(stream: AsyncIterable<Chunk>) {
  const seen: Chunk[] = [];
  const result = (async () => {
    for await (const chunk of stream) seen.push(chunk);
    return seen;
  })();
  return { seen, result };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("download jobs", () => {
  it("run on when their watcher leaves; a later watcher starts from the latest progress and sees the end", async () => {
    const { all, awake } = jobs();
    const work = controllableWork();
    const first = new AbortController();
    const job = all.start("tiny", work.work);
    const early = collect(job.watch(first.signal));
    work.emit({ kind: "progress", loaded: 10 });
    await tick();
    first.abort(); // The settings tab closed.
    expect(await early.result).toEqual([{ kind: "progress", loaded: 10 }]);
    work.emit({ kind: "progress", loaded: 20 });
    work.emit({ kind: "progress", loaded: 30 });
    expect(work.stopped()).toBe(false);
    expect(all.keys()).toEqual(["tiny"]);

    const running = all.get("tiny");
    if (!running) throw new Error("the job should still run");
    const late = collect(running.watch(new AbortController().signal));
    await tick();
    expect(late.seen).toEqual([{ kind: "progress", loaded: 30 }]);
    work.finish({ kind: "done", model: "tiny" });
    expect(await late.result).toEqual([
      { kind: "progress", loaded: 30 },
      { kind: "done", model: "tiny" },
    ]);
    await job.done;
    expect(all.keys()).toEqual([]);
    // Kept awake from the first job's start until the last job ended.
    expect(awake).toHaveLength(1);
    expect(awake[0]?.aborted).toBe(true);
  });

  it("start a job once per key: a second start watches the running one", async () => {
    const { all } = jobs();
    const work = controllableWork();
    const a = all.start("tiny", work.work);
    const b = all.start("tiny", controllableWork().work);
    expect(b).toBe(a);
    expect(work.starts()).toBe(1);
    work.finish({ kind: "done", model: "tiny" });
    await a.done;
  });

  it("stop on Stop, and every watcher gets the AbortedError", async () => {
    const { all } = jobs();
    const work = controllableWork();
    const job = all.start("tiny", work.work);
    const watcher = collect(job.watch(new AbortController().signal));
    job.stop();
    await expect(watcher.result).rejects.toBeInstanceOf(AbortedError);
    expect(work.stopped()).toBe(true);
    await job.done;
    expect(all.get("tiny")).toBeUndefined();
  });

  it("give a watcher that comes after the end the job's last chunk or its error", async () => {
    const { all } = jobs();
    const done = controllableWork();
    const finishedJob = all.start("a", done.work);
    done.finish({ kind: "done", model: "a" });
    await finishedJob.done;
    expect(await collect(finishedJob.watch(new AbortController().signal)).result).toEqual([{ kind: "done", model: "a" }]);

    const failing = controllableWork();
    const failedJob = all.start("b", failing.work);
    failing.fail(new Error("disk full"));
    await failedJob.done;
    await expect(collect(failedJob.watch(new AbortController().signal)).result).rejects.toThrow("disk full");
  });
});
