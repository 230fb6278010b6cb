/**
 * Hosts the one inference engine in the background: picks the backend from the settings, loads the active model from
 * the model manager's local storage (so a reloaded event page loads it again without asking, and without the
 * network), and answers the engine's messages.
 */
import type { EngineInfo, LlmEngine } from "../engine/engine";
import { FakeEngine } from "../engine/fake/fake-engine";
import { EngineHost } from "../engine/host/engine-host";
import { listLocalServerModels, LocalServerEngine } from "../engine/local-server/local-server-engine";
import { WebLlmEngine } from "../engine/webllm/webllm-engine";
import { WllamaEngine } from "../engine/wllama/wllama-engine";
import type { ActiveModel } from "../features/models/model-records";
import { modelService } from "../features/models/models-platform";
import { onSettingsChanged, settingsStore } from "../shared/platform/storage";
import { EngineError, ModelNotLoadedError, ValidationError } from "../shared/protocol/errors";
import type { ProtocolServer } from "../shared/protocol/server";
import { defaultSettings, type Settings } from "../shared/storage/settings";
import type { StatusBoard } from "./status-board";

/** Build the engine for the current settings and active model. */
function createEngine(settings: Settings, active: ActiveModel | null): LlmEngine {
  if (__HEARTH_TEST__ && active?.backend === "fake") {
    return new FakeEngine({ script: (messages) => active.fake?.replies?.shift() ?? `[fake] ${messages.at(-1)?.content ?? ""}`, chunkDelayMs: active.fake?.chunkDelayMs ?? 0 });
  }
  if (settings.localServerEnabled) {
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

/** Load options for the opt-in local server: its model by name, as the server lists it. */
async function localServerModel(settings: Settings) {
  let name = settings.localServerModel;
  if (!name) {
    const [first] = await listLocalServerModels(settings.localServerUrl);
    if (!first) throw new ModelNotLoadedError(`The local server at ${settings.localServerUrl} offers no model. Load one in llamafile or Ollama first.`);
    name = first;
  }
  return { modelId: `local:${name}`, source: { kind: "named" as const, name } };
}

/**
 * Create the engine host and register the engine's message handlers. Listeners are registered synchronously: an
 * event page must add them in its first turn, or the event that woke it is lost.
 */
export function startEngineService(server: ProtocolServer, status: StatusBoard): Promise<EngineHost> {
  const models = modelService();
  let settings: Settings | null = null;
  // The active model as last read from storage; createEngine needs it synchronously.
  let active: ActiveModel | null = null;

  const ready = (async () => {
    settings = await settingsStore.load();
    active = await models.activeRecord();
    return new EngineHost({
      createEngine: () => createEngine(settings ?? defaultSettings(), active),
      activeModel: async () => {
        const current = settings ?? defaultSettings();
        // The opt-in loopback server serves its own models by name; nothing is stored or downloaded for it.
        if (current.localServerEnabled) return localServerModel(current);
        active = await models.activeRecord();
        return models.loadOptions(active);
      },
      keepAliveMs: () => (settings ?? defaultSettings()).keepAliveMinutes * 60_000,
      heartbeat: () => browser.runtime.getPlatformInfo(),
      onState: (state) => status.setEngine(state),
    });
  })();

  /** Load `next` now and remember it as the active model. */
  async function activate(next: ActiveModel): Promise<EngineInfo> {
    const host = await ready;
    const options = await models.loadOptions(next);
    if (!options) throw new ModelNotLoadedError(`The model "${next.modelId}" is not on this device. Download or import it first.`);
    const switching = active?.backend !== next.backend || active.fake !== undefined || next.fake !== undefined;
    active = next;
    await models.records.setActive(next);
    if (switching) await host.replaceBackend();
    await host.load(options);
    const info = host.info();
    if (!info) throw new EngineError("The model did not load. Try again, or choose another model in Hearth's settings.");
    return info;
  }

  models.connectEngine({
    activate: async (modelId) => activate({ modelId, device: active?.backend === "wllama" ? active.device : "auto", backend: "wllama" }),
    release: async (modelId) => {
      if (modelId !== null && active?.modelId !== modelId) return;
      await (await ready).unload();
      active = null;
    },
  });

  onSettingsChanged((next) => {
    const before = settings;
    settings = next;
    const backendChanged =
      before !== null &&
      (before.localServerEnabled !== next.localServerEnabled ||
        before.localServerUrl !== next.localServerUrl ||
        before.localServerModel !== next.localServerModel ||
        before.preferredBackend !== next.preferredBackend);
    // The next request runs on the newly chosen backend. A job running now stops, since its engine is unloaded.
    if (backendChanged) void ready.then((host) => host.replaceBackend()).catch(() => {});
  });
  browser.tabs.onRemoved.addListener((tabId) => void ready.then((host) => host.dropTab(tabId)).catch(() => {}));

  server.handle("engine/load", async ({ modelId, url, device, backend, fake }) => {
    if (backend === "fake") {
      if (!__HEARTH_TEST__) throw new ValidationError("The scripted test engine is not part of this build.");
      return activate({ modelId, device: device ?? "auto", backend: "fake", ...(fake ? { fake } : {}) });
    }
    // A model by URL is stored through the model manager first (resumable, checked), then loaded from storage.
    // Only a file on this computer (a local mirror, the e2e fixture server) may be fetched this way in a release
    // build; anything else goes through the Models section, which shows the size and asks first.
    await models.ensureFromUrl(modelId, url, new AbortController().signal, __HEARTH_TEST__);
    return activate({ modelId, device: device ?? "auto", backend: "wllama" });
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
