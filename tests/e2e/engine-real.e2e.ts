import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "./fixture-server";
import { launchHearth, type HearthBrowser } from "./harness";
import { loadRealModel, serveTinyModel } from "./tiny-model";
import { engineState, streamIn, waitForEngine } from "./wire";

let hearth: HearthBrowser;
let fixtures: FixtureServer;
let page: Page;
let modelUrl: string;
let slowModelUrl: string;

type Chunk = { kind: string; text?: string; info?: { device: string } };
const textOf = (chunks: Chunk[]) => chunks.filter((c) => c.kind === "text").map((c) => c.text).join("");
const greedy = (content: string, maxTokens = 24) => ({ messages: [{ role: "user", content }], maxTokens, temperature: 0 });

beforeAll(async () => {
  fixtures = await startFixtureServer();
  modelUrl = serveTinyModel(fixtures).url;
  // ~13M parameters: slow enough (a few hundred tokens a second) that a queued job is still waiting when its tab closes.
  slowModelUrl = serveTinyModel(fixtures, "/models/slow.gguf", {
    type: "q8_0",
    shape: { embedding: 256, layers: 12, heads: 4, kvHeads: 4, feedForward: 1024, context: 1024 },
  }).url;
  hearth = await launchHearth();
  page = await hearth.openExtensionPage("options/index.html", "#settings-form");
});
afterAll(async () => {
  await hearth?.close();
  await fixtures?.close();
});

describe("real wllama engine on the generated tiny model", () => {
  it("loads on the CPU and reports what it used", async () => {
    const info = await loadRealModel(page, modelUrl, "cpu");
    expect(info).toMatchObject({ backend: "wllama", modelId: "hearth-tiny", device: "cpu" });
    expect(info.contextSize).toBeGreaterThan(0);
  });

  it("streams greedy generation, and the same prompt gives the same text twice", async () => {
    const first = await streamIn<Chunk>(page, "engine/generate", greedy("Tell me about lighthouses."));
    const second = await streamIn<Chunk>(page, "engine/generate", greedy("Tell me about lighthouses."));
    expect(first.end).toBe("done");
    expect(first.chunks.filter((c) => c.kind === "text").length).toBeGreaterThan(1);
    expect(textOf(first.chunks).length).toBeGreaterThan(0);
    expect(textOf(second.chunks)).toBe(textOf(first.chunks));
    const other = await streamIn<Chunk>(page, "engine/generate", greedy("Something else entirely, please."));
    expect(textOf(other.chunks)).not.toBe(textOf(first.chunks));
  });

  it("stops mid-stream when the caller cancels, and the next request still works", async () => {
    const started = Date.now();
    const stopped = await streamIn<Chunk>(page, "engine/generate", greedy("A long answer please.", 400), { cancelAfter: 3, cancelKind: "text" });
    expect(stopped.end).toBe("cancelled");
    expect(stopped.chunks.filter((c) => c.kind === "text").length).toBe(3);
    // The engine stops instead of finishing the 400 tokens: it is free again long before they could have been produced.
    await waitForEngine(page, (engine) => engine.phase === "ready", 10_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    const after = await streamIn<Chunk>(page, "engine/generate", greedy("Tell me about lighthouses."));
    expect(after.end).toBe("done");
  });

  it("serves two tabs asking at once", async () => {
    const other = await hearth.openExtensionPage("options/index.html", "#settings-form");
    const [a, b] = await Promise.all([
      streamIn<Chunk>(page, "engine/generate", greedy("First tab question.")),
      streamIn<Chunk>(other, "engine/generate", greedy("Second tab question.")),
    ]);
    expect(a.end).toBe("done");
    expect(b.end).toBe("done");
    expect(textOf(a.chunks).length).toBeGreaterThan(0);
    expect(textOf(b.chunks).length).toBeGreaterThan(0);
    await other.close();
  });

  it("drops a closed tab's queued work; the other tab's job finishes", async () => {
    await loadRealModel(page, slowModelUrl, "cpu", "hearth-slow");
    const doomed = await hearth.openExtensionPage("options/index.html", "#settings-form");
    const running = streamIn<Chunk>(page, "engine/generate", greedy("Keep going for a while.", 700));
    // Queue the doomed tab's job behind the running one, then close the tab before its turn.
    const queued = streamIn<Chunk>(doomed, "engine/generate", greedy("This should never run.", 700)).catch((error: unknown) => error);
    // Poll from a foreground tab: Firefox throttles timers in background tabs.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await page.bringToFront();
    await waitForEngine(page, (engine) => engine.phase === "generating" && engine.queued === 1, 10_000);
    await doomed.close();
    // The closed tab's job leaves the queue at once, while the running job is still going.
    await waitForEngine(page, (engine) => engine.phase === "generating" && engine.queued === 0, 5_000);
    const finished = await running;
    expect(finished.end).toBe("done");
    expect(textOf(finished.chunks).length).toBeGreaterThan(0);
    const queuedOutcome = await queued;
    if (queuedOutcome && typeof queuedOutcome === "object" && "chunks" in queuedOutcome) {
      expect(textOf((queuedOutcome as { chunks: Chunk[] }).chunks)).toBe("");
    }
    expect(await engineState(page)).toMatchObject({ phase: "ready" });
    await loadRealModel(page, modelUrl, "cpu");
  });

  it("unloads when idle, then reloads transparently on the next request", async () => {
    await page.evaluate(async () => {
      const stored = (await browser.storage.local.get("settings")).settings as Record<string, unknown> | undefined;
      await browser.storage.local.set({ settings: { ...(stored ?? {}), version: 1, keepAliveMinutes: 0 } });
    });
    const before = await streamIn<Chunk>(page, "engine/generate", greedy("Tell me about lighthouses."));
    await waitForEngine(page, (engine) => engine.phase === "idle", 10_000);
    const after = await streamIn<Chunk>(page, "engine/generate", greedy("Tell me about lighthouses."));
    expect(after.end).toBe("done");
    expect(after.chunks.some((c) => c.kind === "started")).toBe(true);
    expect(textOf(after.chunks)).toBe(textOf(before.chunks));
  });
});
