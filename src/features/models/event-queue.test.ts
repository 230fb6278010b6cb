import { describe, expect, it } from "vitest";
import { EventQueue } from "./event-queue";

type Event = { kind: "progress"; n: number } | { kind: "note"; text: string };
const isProgress = (event: Event) => event.kind === "progress";

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe("event queue", () => {
  it("keeps only the newest of consecutive progress events, and every other event", async () => {
    const queue = new EventQueue<Event>(isProgress);
    queue.push({ kind: "progress", n: 1 });
    queue.push({ kind: "progress", n: 2 });
    queue.push({ kind: "note", text: "retrying" });
    queue.push({ kind: "progress", n: 3 });
    queue.push({ kind: "progress", n: 4 });
    queue.end();
    expect(await collect(queue.drain())).toEqual([
      { kind: "progress", n: 2 },
      { kind: "note", text: "retrying" },
      { kind: "progress", n: 4 },
    ]);
  });

  it("delivers items pushed while the consumer waits, then the error", async () => {
    const queue = new EventQueue<Event>();
    const result = collect(queue.drain()).catch((error: unknown) => error);
    await Promise.resolve();
    queue.push({ kind: "note", text: "a" });
    setTimeout(() => {
      queue.push({ kind: "note", text: "b" });
      queue.end(new Error("boom"));
    }, 5);
    expect(await result).toEqual(new Error("boom"));
  });
});
