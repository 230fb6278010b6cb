/**
 * Hosts the one inference engine in the background: picks the backend from the settings, remembers the active model
 * so a reloaded event page can load it again without asking, and answers the engine's messages.
 */
import type { LlmEngine, LoadOptions } from "../engine/engine";
import { FakeEngine } from "../engine/fake/fake-engine";
import { EngineHost } from "../engine/host/engine-host";
import { LocalServerEngine } from "../engine/local-server/local-server-engine";
import { WebLlmEngine } from "../engine/webllm/webllm-engine";
import { WllamaEngine } from "../engine/wllama/wllama-engine";
import { localArea, onSettingsChanged, settingsStore } from "../shared/platform/storage";
import { ValidationError } from "../shared/protocol/errors";
import type { ProtocolServer } from "../shared/protocol/server";
import { defaultSettings, type Settings } from "../shared/storage/settings";
import type { StatusBoard } from "./status-board";


const ACTIVE_MODEL_KEY = "engine.activeModel";

interface ActiveModel {
  modelId: string;
  url: string;
  device: "cpu" | "gpu" | "auto";
  backend: "wllama" | "fake";
  fake?: { replies?: string[]; chunkDelayMs?: number };
}

function isActiveModel(value: unknown): value is ActiveModel {
  const record = value as Partial<ActiveModel> | null;
  return typeof record?.modelId === "string" && typeof record.url === "string";
}

/** Build the engine for the current settings and active model. */
function createEngine(settings: Settings, active: ActiveModel | null): LlmEngine {
  if (__HEARTH_TEST__ && active?.backend === "fake") {
    return new FakeEngine({ script: (messages) => active.fake?.replies?.shift() ?? `[fake] ${messages.at(-1)?.content ?? ""}`, chunkDelayMs: active.fake?.chunkDelayMs ?? 0 });
  }
  if (settings.localServerEnabled && settings.preferredBackend === "local-server") {
    return new LocalServerEngine({ baseUrl: settings.localServerUrl });
  }
  if (settings.preferredBackend === "webllm") {
    return new WebLlmEngine({ libBaseUrl: browser.runtime.getURL("vendor/webllm/") });
  }
  return new WllamaEngine({
    wasmUrl: browser.runtime.getURL("wllama/wllama.wasm"),
    workerUrl: browser.runtime.getURL("wllama/wllama-worker.js"),
  });
}

/**
 * Create the engine host and register the engine's message handlers. Listeners are registered synchronously: an
 * event page must add them in its first turn, or the event that woke it is lost.
 */
export function startEngineService(server: ProtocolServer, status: StatusBoard): Promise<EngineHost> {
  let settings: Settings | null = null;
  let active: ActiveModel | null = null;

  const ready = (async () => {
    settings = await settingsStore.load();
    const stored = await localArea.get(ACTIVE_MODEL_KEY);
    if (isActiveModel(stored)) active = stored;
    return new EngineHost({
      createEngine: () => createEngine(settings ?? defaultSettings(), active),
      activeModel: async () => (active ? toLoadOptions(active) : null),
      keepAliveMs: () => (settings ?? defaultSettings()).keepAliveMinutes * 60_000,
      heartbeat: () => browser.runtime.getPlatformInfo(),
      onState: (state) => status.setEngine(state),
    });
  })();

  onSettingsChanged((next) => (settings = next));
  browser.tabs.onRemoved.addListener((tabId) => void ready.then((host) => host.dropTab(tabId)));

  server.handle("engine/load", async ({ modelId, url, device, backend, fake }) => {
    if (backend === "fake" && !__HEARTH_TEST__) throw new ValidationError("The scripted test engine is not part of this build.");
    const host = await ready;
    const next: ActiveModel = { modelId, url, device: device ?? "auto", backend: backend ?? "wllama", ...(fake ? { fake } : {}) };
    const switching = active?.backend !== next.backend || active.fake !== undefined;
    active = next;
    await localArea.set(ACTIVE_MODEL_KEY, next);
    if (switching) await host.replaceBackend();
    await host.load(toLoadOptions(next));
    const info = host.info();
    if (!info) throw new ValidationError("The model did not load.");
    return info;
  });
  server.handle("engine/unload", async () => {
    await (await ready).unload();
    return null;
  });
  server.handle("engine/count-tokens", async ({ text }) => (await ready).countTokens(text));
  server.handleStream("engine/generate", async function* (request, sender, signal) {
    const host = await ready;
    yield* host.generate({ ...request, ownerTabId: sender.tabId, priority: request.priority ?? "interactive" }, signal);
  });
  return ready;
}

function toLoadOptions(active: ActiveModel): Omit<LoadOptions, "signal" | "onProgress"> {
  return { modelId: active.modelId, source: { kind: "url", urls: [active.url] }, device: active.device };
}
