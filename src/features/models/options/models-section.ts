/**
 * The Models section of the options page: what is on this device, what can be downloaded (with consent and
 * progress), import from disk, total disk use, the network log, and "Remove all AI data". It renders from the
 * background's overview after every change, and keeps keyboard focus on the same control across re-renders.
 */
import type { ProtocolClient } from "../../../shared/protocol/client";
import { isAbort } from "../../../shared/protocol/errors";
import { formatBytes } from "../bytes-text";
import type { InstallDone, ModelsOverview } from "../protocol";
import type { RequestLogEntry } from "../request-log";
import { el } from "../../../shared/ui/dom";
import { part } from "./dom";
import { catalogCard, installedCard, partialCard, type CardAction } from "./model-cards";
import type { Translate } from "./models-text";
import { askConsent, progressView, runDownload, runImport, watchDownload } from "./transfer-runner";

export interface ModelsSectionOptions {
  client: ProtocolClient;
  t: Translate;
  locale: string;
}

export interface ModelsSection {
  /** Fetch the overview again and re-render. */
  refresh(): Promise<ModelsOverview>;
  /** Ask for consent, then download `modelId` from the catalog and make it active, showing progress in `view`. */
  downloadFromCatalog(modelId: string, progressRoot?: HTMLElement): Promise<InstallDone | null>;
}

/** Wire the section whose markup is `root` (#models in options/index.html). */
export function mountModelsSection(root: HTMLElement, { client, t, locale }: ModelsSectionOptions): ModelsSection {
  const installedList = part(root, "#models-installed");
  const catalogList = part(root, "#models-catalog");
  const storageLine = part(root, "#models-storage");
  const message = part(root, "#models-message");
  const progress = progressView(part(root, "#models-progress"));
  const importInput = part<HTMLInputElement>(root, "#models-import-file");
  const removeAll = part<HTMLButtonElement>(root, "#models-remove-all");
  const removedList = part(root, "#models-removed");
  const consent = part<HTMLDialogElement>(root, "#models-consent");
  const confirmRemove = part<HTMLDialogElement>(root, "#models-confirm-remove");
  const log = part<HTMLDetailsElement>(root, "#models-log");
  const logList = part(root, "#models-log-list");

  let overview: ModelsOverview | null = null;
  let busy = false;
  // The download this page last started watching on its own, so one that ends unseen is not watched again and again.
  let watched: string | null = null;

  const say = (text: string, kind: "ok" | "error" | "" = "") => {
    message.className = kind;
    message.textContent = text;
  };
  const sayError = (error: unknown) => {
    if (isAbort(error)) say(t("modelsStopped"));
    else say(error instanceof Error ? error.message : String(error), "error");
  };

  function render(next: ModelsOverview): void {
    overview = next;
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.dataset : undefined;
    const refocus = focused?.action && focused.modelId ? `[data-action="${focused.action}"][data-model-id="${CSS.escape(focused.modelId)}"]` : null;
    const onDevice = [...next.installed.map((model) => installedCard(model, t, locale, busy))];
    for (const partial of next.partials) {
      if (!next.catalog.some((model) => model.id === partial.id)) onDevice.push(partialCard(partial, t, locale, busy));
    }
    installedList.replaceChildren(...(onDevice.length ? onDevice : [el("li", { className: "muted", text: t("modelsNoneYet") })]));
    catalogList.replaceChildren(...next.catalog.map((model) => catalogCard(model, next, t, locale, busy || next.downloading !== null)));
    const { modelBytes, partialBytes, usage, quota, persisted } = next.storage;
    const parts = [t("modelsStorageModels", [formatBytes(modelBytes, locale)])];
    if (partialBytes > 0) parts.push(t("modelsStoragePartial", [formatBytes(partialBytes, locale)]));
    if (usage !== null && quota !== null) parts.push(t("modelsStorageQuota", [formatBytes(usage, locale), formatBytes(quota, locale)]));
    storageLine.textContent = `${parts.join(" · ")}.${persisted === false ? ` ${t("modelsNotPersisted")}` : ""}`;
    importInput.disabled = busy;
    removeAll.disabled = busy;
    if (refocus) root.querySelector<HTMLElement>(refocus)?.focus();
  }

  async function refresh(): Promise<ModelsOverview> {
    const next = await client.request("models/overview", {});
    render(next);
    watchRunning(next);
    return next;
  }

  /** A download started from a page since closed runs on in the background: show its progress here, with Stop. */
  function watchRunning(next: ModelsOverview): void {
    const modelId = next.downloading;
    if (modelId === null) watched = null;
    if (modelId === null || busy || watched === modelId) return;
    watched = modelId;
    const name = next.catalog.find((model) => model.id === modelId)?.name ?? modelId;
    void exclusive(async () => {
      say(t("modelsDownloadingNamed", [name]));
      const done = await watchDownload(client, modelId, progress, t, locale);
      if (done) afterInstall(done);
      else say("");
    });
  }

  /** Run `work` with every action disabled, then re-render. */
  async function exclusive<T>(work: () => Promise<T>): Promise<T | null> {
    if (busy) return null;
    busy = true;
    if (overview) render(overview);
    try {
      return await work();
    } catch (error) {
      sayError(error);
      return null;
    } finally {
      busy = false;
      await refresh().catch(sayError);
    }
  }

  function afterInstall(done: InstallDone): void {
    if (done.activationError) say(t("modelsStoredNotLoaded", [done.model.name, done.activationError.message]), "error");
    else say(t(done.engine ? "modelsReadyNow" : "modelsDownloaded", [done.model.name]), "ok");
  }

  async function downloadFromCatalog(modelId: string, progressRoot?: HTMLElement): Promise<InstallDone | null> {
    const model = overview?.catalog.find((entry) => entry.id === modelId);
    if (!model) return null;
    const size = formatBytes(model.bytes, locale);
    if (!(await askConsent(consent, { name: `${model.name} ${model.quantization}`, size }, t))) return null;
    const view = progressRoot ? progressView(progressRoot) : progress;
    return exclusive(async () => {
      say(t("modelsDownloadingNamed", [model.name]));
      const done = await runDownload(client, { source: { kind: "catalog", modelId }, consent: true, acceptedBytes: model.bytes, activate: true }, view, t, locale);
      afterInstall(done);
      return done;
    });
  }

  const actions: Record<CardAction, (modelId: string) => Promise<unknown>> = {
    download: (modelId) => downloadFromCatalog(modelId),
    resume: (modelId) => downloadFromCatalog(modelId),
    discard: (modelId) => exclusive(() => client.request("models/delete", { modelId }).then(() => say(t("modelsDiscarded")))),
    delete: (modelId) => exclusive(() => client.request("models/delete", { modelId }).then(() => say(t("modelsDeleted"), "ok"))),
    activate: (modelId) =>
      exclusive(async () => {
        say(t("modelsLoading"));
        const info = await client.request("models/activate", { modelId });
        say(t("modelsReadyNow", [info.modelId]), "ok");
      }),
  };

  root.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target.closest<HTMLButtonElement>("button[data-action]") : null;
    const action = target?.dataset.action as CardAction | undefined;
    const modelId = target?.dataset.modelId;
    if (action && modelId && action in actions) void actions[action](modelId);
  });

  importInput.addEventListener("change", () => {
    const file = importInput.files?.[0];
    if (!file) return;
    void exclusive(async () => {
      say(t("modelsImporting", [file.name]));
      const done = await runImport(client, file, progress, t, locale);
      afterInstall(done);
    }).finally(() => (importInput.value = ""));
  });

  removeAll.addEventListener("click", () => {
    confirmRemove.showModal();
    part<HTMLButtonElement>(confirmRemove, ".confirm-cancel").focus();
  });
  part(confirmRemove, ".confirm-cancel").addEventListener("click", () => confirmRemove.close());
  part(confirmRemove, ".confirm-ok").addEventListener("click", () => {
    confirmRemove.close();
    void exclusive(async () => {
      const removed = await client.request("models/remove-all-data", { confirm: true });
      removedList.replaceChildren(...removed.map((item) => el("li", { text: t(`modelsRemovedKind_${item.kind}`, [item.name]) })));
      say(t("modelsRemovedAll"), "ok");
    });
  });

  log.addEventListener("toggle", () => {
    if (!log.open) return;
    void client.request("models/request-log", {}).then((entries) => logList.replaceChildren(...logItems(entries, t, locale)), sayError);
  });

  void refresh().catch(sayError);
  return { refresh, downloadFromCatalog };
}

function logItems(entries: RequestLogEntry[], t: Translate, locale: string): HTMLLIElement[] {
  if (entries.length === 0) return [el("li", { className: "muted", text: t("modelsLogEmpty") })];
  const time = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "medium" });
  return entries
    .slice(-100)
    .reverse()
    .map((entry) =>
      el("li", {}, [
        el("span", { text: `${time.format(entry.at)} · ${t(`modelsLogResult_${entry.result}`)} · ${entry.status ?? "—"} · ${formatBytes(entry.bytes, locale)}${entry.range ? ` · ${entry.range}` : ""}` }),
        el("br"),
        el("code", { text: entry.url }),
      ]),
    );
}
