/**
 * Runs a download or an import stream from the options page and shows it: a progress bar, one line of text (size,
 * percent, speed, time left) and a Stop button. Stopping aborts the stream; the background keeps what arrived.
 */
import type { ProtocolClient } from "../../../shared/protocol/client";
import type { StreamPayload } from "../../../shared/protocol/messages";
import type { InstallDone } from "../protocol";
import { part } from "./dom";
import { describeDownload, describeImport, progressValue, type Translate } from "./models-text";

export interface ProgressView {
  root: HTMLElement;
  bar: HTMLProgressElement;
  text: HTMLElement;
  stop: HTMLButtonElement;
}

/** The progress view whose markup is `root` (a .model-progress block). */
export function progressView(root: HTMLElement): ProgressView {
  return { root, bar: part(root, "progress"), text: part(root, ".progress-text"), stop: part(root, "button.stop") };
}

function show(view: ProgressView, value: number | null, text: string): void {
  view.root.hidden = false;
  if (value === null) view.bar.removeAttribute("value");
  else view.bar.value = value;
  view.text.textContent = text;
}

interface RunOptions<C> {
  chunks: (signal: AbortSignal) => AsyncIterable<C>;
  describe: (chunk: C) => string;
  value: (chunk: C) => number | null;
  /** What Stop does; by default it ends the stream, which stops work that belongs to it (an import). */
  stop?: () => void;
}

/** Show the stream's progress until its "done" chunk; null when it ends without one. */
async function run<C extends { kind: string }>(view: ProgressView, options: RunOptions<C>): Promise<InstallDone | null> {
  const controller = new AbortController();
  const stop = () => {
    view.stop.disabled = true;
    if (options.stop) options.stop();
    else controller.abort();
  };
  view.stop.addEventListener("click", stop);
  view.stop.disabled = false;
  show(view, null, "");
  try {
    for await (const chunk of options.chunks(controller.signal)) {
      show(view, options.value(chunk), options.describe(chunk));
      if (chunk.kind === "done") return chunk as unknown as InstallDone;
    }
    return null;
  } finally {
    view.stop.removeEventListener("click", stop);
    view.stop.disabled = true;
  }
}

async function finished(done: Promise<InstallDone | null>): Promise<InstallDone> {
  const result = await done;
  if (!result) throw new Error("The download ended without finishing.");
  return result;
}

/** Stop asks the background to stop the download: closing the page only stops watching it. */
const stopDownload = (client: ProtocolClient, modelId: string, view: ProgressView) => () =>
  void client.request("models/download-stop", { modelId }).catch(() => {
    // Not stopped: let the user try again.
    view.stop.disabled = false;
  });

/** Download with progress; resolves with the installed model, rejects with the background's named error. */
export function runDownload(
  client: ProtocolClient,
  payload: StreamPayload<"models/download">,
  view: ProgressView,
  t: Translate,
  locale: string,
): Promise<InstallDone> {
  return finished(
    run(view, {
      chunks: (signal) => client.stream("models/download", payload, { signal, window: 8 }),
      describe: (chunk) => describeDownload(chunk, t, locale),
      value: progressValue,
      stop: stopDownload(client, payload.source.modelId, view),
    }),
  );
}

/**
 * Watch a download already running in the background (started from a page since closed) with progress; resolves
 * with the installed model, or null when it had ended before the page could watch it.
 */
export function watchDownload(client: ProtocolClient, modelId: string, view: ProgressView, t: Translate, locale: string): Promise<InstallDone | null> {
  return run(view, {
    chunks: (signal) => client.stream("models/download-watch", { modelId }, { signal, window: 8 }),
    describe: (chunk) => describeDownload(chunk, t, locale),
    value: progressValue,
    stop: stopDownload(client, modelId, view),
  });
}

/** Import a file with progress. */
export function runImport(client: ProtocolClient, file: File, view: ProgressView, t: Translate, locale: string): Promise<InstallDone> {
  return finished(
    run(view, {
      chunks: (signal) => client.stream("models/import", { file, activate: true }, { signal, window: 8 }),
      describe: (chunk) => describeImport(chunk, t, locale),
      value: progressValue,
    }),
  );
}

/**
 * Ask before downloading: the dialog names the model, its size and the host. Resolves true only when the user pressed
 * Download; Escape and Cancel resolve false.
 */
export function askConsent(dialog: HTMLDialogElement, facts: { name: string; size: string }, t: Translate): Promise<boolean> {
  part(dialog, ".consent-title").textContent = t("modelsConsentTitle", [facts.name]);
  part(dialog, ".consent-text").textContent = t("modelsConsentText", [facts.size]);
  const ok = part<HTMLButtonElement>(dialog, ".consent-ok");
  const cancel = part<HTMLButtonElement>(dialog, ".consent-cancel");
  ok.textContent = t("modelsConsentDownload", [facts.size]);
  return new Promise((resolve) => {
    const finish = (agreed: boolean) => {
      ok.removeEventListener("click", onOk);
      cancel.removeEventListener("click", onCancel);
      dialog.removeEventListener("close", onClose);
      if (dialog.open) dialog.close();
      resolve(agreed);
    };
    const onOk = () => finish(true);
    const onCancel = () => finish(false);
    const onClose = () => finish(false);
    ok.addEventListener("click", onOk);
    cancel.addEventListener("click", onCancel);
    dialog.addEventListener("close", onClose);
    dialog.showModal();
    ok.focus();
  });
}
