/**
 * wllama's WebGPU path in real Firefox: the tiny model offloaded to the GPU must produce the same greedy tokens as the
 * CPU path, and the engine must say which device it really used (from llama.cpp's load log, not from the request).
 *
 * Headless Firefox ESR 153 exposes navigator.gpu (also to workers) with dom.webgpu.enabled; without
 * gfx.webgpu.ignore-blocklist the only adapter here, Mesa's lavapipe (a Vulkan driver on the CPU, Debian's
 * mesa-vulkan-drivers), is blocklisted and requestAdapter() resolves null. lavapipe is ~1000 times slower than the
 * CPU path (~2.3 s a token on two shared cores), hence only a few tokens.
 */
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "./fixture-server";
import { launchHearth, type HearthBrowser } from "./harness";
import { loadRealModel, serveTinyModel, type LoadedInfo } from "./tiny-model";
import { streamIn, type StreamResult } from "./wire";

const WEBGPU_PREFS = { "dom.webgpu.enabled": true, "gfx.webgpu.ignore-blocklist": true };
// The tiny model's two blocks plus its output layer: what llama.cpp reports as "offloaded 3/3 layers to GPU".
const TINY_OFFLOADABLE_LAYERS = 3;
const MAX_TOKENS = 3;
// Load (shader compilation on lavapipe) plus a prompt and 3 tokens at ~2.3 s each, with room for a loaded machine.
const GPU_TEST_TIMEOUT = 120_000;

let hearth: HearthBrowser;
let fixtures: FixtureServer;
let page: Page;
let modelUrl: string;

type Chunk = { kind: string; text?: string; info?: { device: string; details?: Record<string, unknown> } };
const greedy = { messages: [{ role: "user", content: "Tell me about lighthouses." }], maxTokens: MAX_TOKENS, temperature: 0 };
const textPieces = (result: StreamResult<Chunk>) => result.chunks.filter((c) => c.kind === "text").map((c) => c.text ?? "");

interface GpuProbe {
  gpu: boolean;
  adapter: boolean;
  shaderF16: boolean;
  jspi: boolean;
  error?: string;
}

/** What the background page (where the engine runs) sees of WebGPU; the engine needs all of it for device "gpu". */
function probeBackgroundGpu(from: Page): Promise<GpuProbe> {
  return from.evaluate(async () => {
    const background = browser.extension.getBackgroundPage() as (Window & typeof globalThis) | null;
    const scope = background ?? globalThis;
    const gpu = (scope.navigator as Navigator & { gpu?: { requestAdapter(): Promise<{ features: ReadonlySet<string> } | null> } }).gpu;
    const jspi = "Suspending" in scope.WebAssembly;
    if (!gpu) return { gpu: false, adapter: false, shaderF16: false, jspi };
    try {
      const adapter = await gpu.requestAdapter();
      return { gpu: true, adapter: adapter !== null, shaderF16: adapter?.features.has("shader-f16") ?? false, jspi };
    } catch (error) {
      return { gpu: true, adapter: false, shaderF16: false, jspi, error: String(error) };
    }
  });
}

beforeAll(async () => {
  fixtures = await startFixtureServer();
  modelUrl = serveTinyModel(fixtures).url;
  hearth = await launchHearth({ prefs: WEBGPU_PREFS });
  page = await hearth.openExtensionPage("options/index.html", "#settings-form");
});
afterAll(async () => {
  await hearth?.close();
  await fixtures?.close();
});

describe("wllama on WebGPU (lavapipe) against the CPU path", () => {
  let gpuInfo: LoadedInfo;
  let gpuRun: StreamResult<Chunk>;

  it("finds a WebGPU adapter with shader-f16 in the background page", async () => {
    const probe = await probeBackgroundGpu(page);
    // Fail loudly rather than skip: a machine without the adapter must not report this path as tested.
    expect(
      probe,
      `WebGPU is not usable in headless Firefox here (prefs ${JSON.stringify(WEBGPU_PREFS)}): ${JSON.stringify(probe)}. ` +
        "navigator.gpu missing means dom.webgpu.enabled did not apply; adapter false means no Vulkan driver " +
        "(apt-get install mesa-vulkan-drivers) or a blocklisted one; shaderF16 false means llama.cpp's kernels cannot run.",
    ).toEqual({ gpu: true, adapter: true, shaderF16: true, jspi: true });
  });

  it("loads the model on the GPU and reports WebGPU with every layer offloaded", { timeout: GPU_TEST_TIMEOUT }, async () => {
    gpuInfo = await loadRealModel(page, modelUrl, "gpu");
    expect(gpuInfo).toMatchObject({ backend: "wllama", device: "webgpu" });
    expect(gpuInfo.details).toMatchObject({ gpuDevice: "WebGPU", gpuLayers: TINY_OFFLOADABLE_LAYERS });
    expect(gpuInfo.details.gpuFallback).toBeUndefined();
  });

  it("generates greedily on the GPU and says so in the stream", { timeout: GPU_TEST_TIMEOUT }, async () => {
    gpuRun = await streamIn<Chunk>(page, "engine/generate", greedy, { timeoutMs: GPU_TEST_TIMEOUT - 10_000 });
    expect(gpuRun.error).toBeUndefined();
    expect(gpuRun.end).toBe("done");
    expect(gpuRun.chunks.find((c) => c.kind === "started")?.info).toMatchObject({ device: "webgpu" });
    expect(textPieces(gpuRun)).toHaveLength(MAX_TOKENS);
  });

  it("gives the same greedy tokens on the CPU", async () => {
    const cpuInfo = await loadRealModel(page, modelUrl, "cpu");
    expect(cpuInfo.device).toBe("cpu");
    expect(cpuInfo.details.gpuLayers).toBeUndefined();
    const cpuRun = await streamIn<Chunk>(page, "engine/generate", greedy);
    expect(cpuRun.end).toBe("done");
    expect(cpuRun.chunks.find((c) => c.kind === "started")?.info).toMatchObject({ device: "cpu" });
    // Piece by piece, not just the joined text: the same tokens in the same order.
    expect(textPieces(gpuRun)).toEqual(textPieces(cpuRun));
  });
});
