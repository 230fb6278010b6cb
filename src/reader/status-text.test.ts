import { describe, expect, it } from "vitest";
import type { EngineInfo } from "../engine/engine";
import type { ReaderSnapshot } from "./simplify-controller";
import { readerStatusText } from "./status-text";

const t = (key: string, subs: string | string[] = []) => `${key}(${[subs].flat().join("|")})`;
const snapshot = (phase: ReaderSnapshot["phase"]): ReaderSnapshot => ({
  phase,
  level: "simple",
  outputs: [],
  total: 5,
  simplified: 1,
  kept: 1,
  queuePosition: phase === "waiting" ? 2 : null,
  error: null,
});
const info = { backend: "wllama", modelId: "tiny", device: "cpu", threads: 1, contextSize: 512, details: {} } as EngineInfo;

describe("readerStatusText", () => {
  it("says the model is loading while the first paragraphs wait for it", () => {
    expect(readerStatusText(snapshot("working"), { phase: "loading", modelId: "SmolLM2", loaded: 0, total: 0 }, t)).toBe(
      "readerStatusLoadingModel(SmolLM2)",
    );
  });

  it("counts progress otherwise", () => {
    expect(readerStatusText(snapshot("working"), { phase: "generating", info, queued: 0 }, t)).toBe("readerStatusWorking(2|5)");
    expect(readerStatusText(snapshot("waiting"), { phase: "generating", info, queued: 2 }, t)).toBe("readerStatusWaiting(2)");
    // A model loading for someone else does not hide that this reader is done.
    expect(readerStatusText(snapshot("done"), { phase: "loading", modelId: "x", loaded: 0, total: 0 }, t)).toBe("readerStatusDone(1|1)");
    expect(readerStatusText(snapshot("error"), { phase: "idle" }, t)).toBe("");
  });
});
