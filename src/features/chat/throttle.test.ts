import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { throttle } from "./throttle";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("throttle", () => {
  it("runs the first call at once, then the latest call once per interval", async () => {
    const runs: string[] = [];
    const write = throttle(async (text: string) => void runs.push(text), 500);
    write("a");
    write("ab");
    write("abc");
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual(["a"]);
    await vi.advanceTimersByTimeAsync(499);
    expect(runs).toEqual(["a"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toEqual(["a", "abc"]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(runs).toEqual(["a", "abc"]);
  });

  it("flush runs what is pending now and waits for it", async () => {
    const runs: string[] = [];
    const write = throttle(async (text: string) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      runs.push(text);
    }, 500);
    write("a");
    write("final");
    const flushed = write.flush();
    await vi.advanceTimersByTimeAsync(100);
    await flushed;
    expect(runs).toEqual(["a", "final"]);
  });

  it("never overlaps runs, and cancel drops the pending one", async () => {
    let active = 0;
    let most = 0;
    const write = throttle(async () => {
      active++;
      most = Math.max(most, active);
      await new Promise((resolve) => setTimeout(resolve, 800));
      active--;
    }, 100);
    for (let i = 0; i < 10; i++) {
      write();
      await vi.advanceTimersByTimeAsync(150);
    }
    write.cancel();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(most).toBe(1);
  });
});
