/**
 * The models feature in the background: the Models section's requests (overview, download, import, delete, remove
 * all), the request log for the privacy panel, and the onboarding page any feature can open when it finds no model.
 */
import type { BackgroundContext } from "../../background/context";
import type { EngineInfo } from "../../engine/engine";
import { encodeError, type EncodedError } from "../../shared/protocol/errors";
import { keepAwake } from "../../shared/platform/runtime";
import { Jobs } from "./download-jobs";
import { EventQueue } from "./event-queue";
import type { InstalledModel } from "./model-records";
import type { ModelService } from "./model-service";
import { modelService, removeAllAiData } from "./models-platform";
import type { DownloadChunk, ImportChunk, InstallDone } from "./protocol";

const ONBOARDING_RETURN_KEY = "models.onboardingReturn";

async function installed(models: ModelService, model: InstalledModel, activate: boolean | undefined): Promise<InstallDone> {
  let engine: EngineInfo | null = null;
  let activationError: EncodedError | null = null;
  if (activate) {
    try {
      engine = await models.activate(model.id);
    } catch (error) {
      activationError = encodeError(error);
    }
  }
  const active = (await models.activeRecord())?.modelId ?? null;
  return { kind: "done", model: models.viewOf(model, active), engine, activationError };
}

/** Register the feature's handlers (synchronously, as an event page must). */
export function registerBackground({ server }: BackgroundContext): void {
  const models = modelService();

  server.handle("models/overview", () => models.overview());
  server.handle("models/activate", ({ modelId }) => models.activate(modelId));
  server.handle("models/delete", async ({ modelId }) => {
    await models.delete(modelId);
    return null;
  });
  server.handle("models/remove-all-data", () => removeAllAiData(models));
  server.handle("models/request-log", () => models.log.entries());

  // A download belongs to the background: the page that started it only watches, and may close (download-jobs.ts).
  const downloads = new Jobs<DownloadChunk>({ isProgress: (chunk) => chunk.kind === "progress", keepAwake });
  server.handleStream("models/download", async function* (request, _sender, signal) {
    const options = {
      consent: request.consent,
      acceptedBytes: request.acceptedBytes,
      // Only the test build may shorten the stall timeout (the e2e suite cuts connections on purpose).
      stallTimeoutMs: __HEARTH_TEST__ ? request.stallTimeoutMs : undefined,
    };
    // A second request for a model already downloading watches that download instead of starting another.
    // Stop pressed after the last byte arrived keeps the model but does not load it.
    const job = downloads.start(request.source.modelId, async (jobSignal, emit) => {
      const model = await models.download(request.source, options, jobSignal, emit);
      return installed(models, model, request.activate === true && !jobSignal.aborted);
    });
    yield* job.watch(signal);
  });
  server.handleStream("models/download-watch", async function* ({ modelId }, _sender, signal) {
    const job = downloads.get(modelId);
    if (job) yield* job.watch(signal);
  });
  server.handle("models/download-stop", ({ modelId }) => {
    downloads.get(modelId)?.stop();
    return null;
  });

  server.handleStream("models/import", async function* ({ file, activate }, _sender, signal) {
    const queue = new EventQueue<ImportChunk>((chunk) => chunk.kind === "progress");
    const work = models
      .importFile(file, signal, (copied, total) => queue.push({ kind: "progress", copied, total, percent: Math.floor((copied / total) * 100) }))
      .then(async (model) => queue.push(await installed(models, model, activate)))
      .then(() => queue.end(), (error: unknown) => queue.end(error));
    yield* queue.drain();
    await work;
  });

  server.handle("models/open-onboarding", async (_payload, sender) => {
    // storage.session outlives the event page's suspension while the user reads the onboarding page.
    await browser.storage.session.set({ [ONBOARDING_RETURN_KEY]: { tabId: sender.tabId } });
    await browser.tabs.create({ url: browser.runtime.getURL("options/index.html#onboarding") });
    return null;
  });

  server.handle("models/onboarding-done", async (_payload, sender) => {
    const stored = (await browser.storage.session.get(ONBOARDING_RETURN_KEY))[ONBOARDING_RETURN_KEY] as { tabId?: unknown } | undefined;
    await browser.storage.session.remove(ONBOARDING_RETURN_KEY);
    const tabId = typeof stored?.tabId === "number" ? stored.tabId : null;
    if (tabId === null) return { returnedToTab: false };
    try {
      const tab = await browser.tabs.update(tabId, { active: true });
      if (tab.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
    } catch {
      return { returnedToTab: false }; // The tab was closed meanwhile.
    }
    if (sender.tabId !== null) await browser.tabs.remove(sender.tabId).catch(() => undefined);
    return { returnedToTab: true };
  });
}
