/**
 * The bench page (test build only): one WllamaEngine, hosted by an EngineHost as the background hosts it, with the
 * wllama client underneath kept at hand, so `npm run bench` can time the same model raw and through the host side by
 * side in one page. It also runs page translation on a real 50,000-node DOM. Exposed as window.hearthBench.
 */
import { EngineHost } from "../engine/host/engine-host";
import { createWllamaClient, type WllamaClient } from "../engine/wllama/wllama-client";
import { WllamaEngine } from "../engine/wllama/wllama-engine";
import type { EngineBenchApi } from "./bench-api";
import { completeWithTimings, measureChatFollowup, measureStream } from "./engine-runs";
import { StreamProbe } from "./stream-probe";
import { measureTranslateDom } from "./translate-dom";

let client: WllamaClient | null = null;
const probe = new StreamProbe();

function createEngine(): WllamaEngine {
  return new WllamaEngine({
    wasmUrl: browser.runtime.getURL("wllama/wllama.wasm"),
    workerUrl: browser.runtime.getURL("wllama/wllama-worker.js"),
    // Keep the client the engine creates: the "raw" path talks to it directly, on the same worker and weights. The
    // engine itself gets it through the probe, which timestamps what the engine asks of it.
    createClient: (config) => probe.wrap((client = createWllamaClient(config))),
  });
}

const host = new EngineHost({
  createEngine,
  // The bench always loads explicitly; nothing to reload from storage.
  activeModel: async () => null,
  // Long enough that the model stays loaded for the whole bench.
  keepAliveMs: () => 30 * 60_000,
  // A page, not an event page: nothing to keep awake.
  heartbeat: async () => undefined,
  onState: () => {},
});

function loadedClient(): WllamaClient {
  if (!client || !host.info()) throw new Error("No model is loaded; call load() first.");
  return client;
}

const api: EngineBenchApi = {
  async load(url, contextSize) {
    const started = performance.now();
    await host.load({ modelId: "bench", source: { kind: "url", urls: [url] }, device: "cpu", contextSize });
    const info = host.info();
    if (!info) throw new Error("The model did not load.");
    return { loadMs: performance.now() - started, info };
  },
  complete: (prompt, maxTokens) => completeWithTimings(loadedClient(), prompt, maxTokens),
  stream: (path, question, maxTokens) => measureStream(path, { client: loadedClient(), host, probe }, question, maxTokens),
  chatFollowup: (pageText, questions, answerTokens) => {
    loadedClient();
    return measureChatFollowup(host, pageText, questions, answerTokens);
  },
  translateDom: (targetNodes) => measureTranslateDom(targetNodes),
  unload: () => host.unload(),
};

window.hearthBench = api;
document.body.dataset.ready = "true";
