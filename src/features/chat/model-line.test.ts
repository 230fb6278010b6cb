import { describe, expect, it } from "vitest";
import type { EngineInfo } from "../../engine/engine";
import { translator } from "./locale-fixture";
import { describeModel } from "./model-line";

const info = (device: EngineInfo["device"]): EngineInfo => ({ backend: "wllama", modelId: "SmolLM2 360M", device, threads: 1, contextSize: 4096, details: {} });

describe("describeModel", () => {
  it("names the model, the engine and where it runs, in the user's language", () => {
    const en = translator("en");
    expect(describeModel({ phase: "ready", info: info("cpu") }, en)).toBe("SmolLM2 360M · wllama on the CPU");
    expect(describeModel({ phase: "generating", info: info("webgpu"), queued: 2 }, en)).toBe("SmolLM2 360M · wllama on the GPU (WebGPU)");
    expect(describeModel({ phase: "ready", info: info("remote-loopback") }, translator("de"))).toBe("SmolLM2 360M · wllama auf einem lokalen Server");
  });

  it("says when no model is loaded, one is loading, or it failed", () => {
    const en = translator("en");
    expect(describeModel({ phase: "idle" }, en)).toBe("No model loaded yet");
    expect(describeModel({ phase: "loading", modelId: "Qwen", loaded: 1, total: 2 }, en)).toBe("Loading Qwen…");
    expect(describeModel({ phase: "error", error: { name: "EngineError", message: "x" } }, en)).toBe("The model could not start");
  });
});
