import { describe, expect, it } from "vitest";
import { DEFAULT_READ_SPEED, ReadSpeedTracker, sharedPrefixLength } from "./first-answer";

const cpu = { modelId: "small", device: "cpu" as const };
const msg = (role: "system" | "user" | "assistant", content: string) => ({ role, content });

describe("ReadSpeedTracker", () => {
  it("uses the device's default speed until it has measured one: 25 tokens/s on a CPU", () => {
    const estimate = new ReadSpeedTracker().estimate(cpu, 1000, 0);
    expect(estimate).toEqual({ seconds: 40, tokensToRead: 1000, tokensPerSecond: DEFAULT_READ_SPEED.cpu, measured: false });
  });

  it("learns the speed from a finished answer and smooths later ones", () => {
    const speed = new ReadSpeedTracker();
    speed.learn("small", { timeToFirstTokenMs: 10_000 }, 500);
    expect(speed.estimate(cpu, 100, 0)).toMatchObject({ tokensPerSecond: 50, seconds: 2, measured: true });
    speed.learn("small", { timeToFirstTokenMs: 1_000 }, 150);
    expect(speed.estimate(cpu, 100, 0).tokensPerSecond).toBe(100);
    // Another model keeps its own default.
    expect(speed.estimate({ modelId: "other", device: "webgpu" }, 5000, 0)).toMatchObject({ seconds: 2, measured: false });
  });

  it("ignores measurements that say nothing about reading (almost all cached, or no time)", () => {
    const speed = new ReadSpeedTracker();
    speed.learn("small", { timeToFirstTokenMs: 5 }, 3);
    speed.learn("small", { timeToFirstTokenMs: 0 }, 500);
    expect(speed.estimate(cpu, 100, 0).measured).toBe(false);
  });

  it("counts only what the engine has not read yet when the prompt repeats the last one", () => {
    const speed = new ReadSpeedTracker();
    const first = [msg("system", "S"), msg("user", "page + Q1")];
    speed.sent("small", first);
    const second = [...first, msg("assistant", "A1"), msg("user", "Q2")];
    expect(speed.cachedMessages("small", second)).toEqual(first);
    expect(speed.cachedMessages("other-model", second)).toEqual([]);
    expect(speed.estimate(cpu, 1000, 900)).toMatchObject({ tokensToRead: 100, seconds: 4 });
  });
});

describe("sharedPrefixLength", () => {
  it("counts whole equal messages from the start", () => {
    const a = [msg("system", "S"), msg("user", "Q1"), msg("assistant", "A1")];
    expect(sharedPrefixLength(a, [...a, msg("user", "Q2")])).toBe(3);
    expect(sharedPrefixLength(a, [msg("system", "S"), msg("user", "Q1 edited")])).toBe(1);
    expect(sharedPrefixLength(a, [msg("user", "S")])).toBe(0);
  });
});
