import { describe, expect, it } from "vitest";
import { describeEngine } from "./describe-status";

const t = (key: string, subs: string[] = []) => `${key}(${subs.join(",")})`;
const info = { backend: "wllama", modelId: "tiny", device: "cpu", threads: 1, contextSize: 512, details: {} } as const;

describe("describeEngine", () => {
  it("describes each phase with its facts", () => {
    expect(describeEngine({ phase: "idle" }, t)).toBe("statusNoModel()");
    expect(describeEngine({ phase: "loading", modelId: "m", loaded: 50, total: 200 }, t)).toBe("statusLoading(m,25)");
    expect(describeEngine({ phase: "loading", modelId: "m", loaded: 0, total: 0 }, t)).toBe("statusLoading(m,0)");
    expect(describeEngine({ phase: "ready", info: { ...info } }, t)).toBe("statusReady(tiny,cpu)");
    expect(describeEngine({ phase: "generating", info: { ...info }, queued: 2 }, t)).toBe("statusGenerating(tiny,2)");
    expect(describeEngine({ phase: "error", error: { name: "EngineError", message: "boom" } }, t)).toBe("statusError(boom)");
  });
});
