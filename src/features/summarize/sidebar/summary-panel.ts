/**
 * The Summary panel: reads a source (this page, a selection, a PDF), streams its summary from the background and
 * shows it under the source's title with links back to the passages. One run at a time; Stop keeps what was written.
 */
import { t } from "../../../shared/platform/i18n";
import { background, contentScriptOf } from "../../../shared/platform/runtime";
import { HearthError } from "../../../shared/protocol/errors";
import type { PdfPageRange } from "../../pdf/extract";
import { pdfPageUrl } from "../../pdf/pdf-url";
import type { SourceRef } from "../document";
import type { SummaryChunk, SummaryJob, SummaryPoint } from "../protocol";
import { pageBlockIndex } from "../source-blocks";
import { buildPanel, type PanelElements } from "./panel-layout";
import { readSource, type ReadSource, type SourceOrigin, type SourceRequest } from "./read-source";
import { adviceFor, durationPhrase, pdfProgressPhrase, progressPhrase, type Phrase } from "./status-text";
import { loadPreferences, savePreferences, toSummaryOptions, type SummaryPreferences } from "./summary-preferences";
import { sourceLinkFor } from "./source-links";
import { SummaryView } from "./summary-view";
import "./summary.css";

/** There was no text to summarize (an empty page, an empty selection). */
export class NothingToSummarizeError extends HearthError {
  override name = "NothingToSummarizeError";
}

type Phase = "idle" | "reading" | "summarizing" | "done" | "stopped" | "error";

/** Build the panel in `root`; it lives until `lifetime` aborts (the sidebar closes). */
export async function mountSummaryPanel(root: HTMLElement, lifetime: AbortSignal): Promise<SummaryPanel> {
  return new SummaryPanel(root, await loadPreferences(), lifetime);
}

export class SummaryPanel {
  private readonly ui: PanelElements;
  private readonly view: SummaryView;
  private controller: AbortController | null = null;
  private origin: SourceOrigin | null = null;
  private retry: SourceRequest | null = null;
  /** What the result line says about the source ("The Estuary Courier", "PDF, 12 pages"), before the plan. */
  private sourceLine = "";

  constructor(
    private readonly root: HTMLElement,
    private preferences: SummaryPreferences,
    lifetime: AbortSignal,
  ) {
    this.ui = buildPanel(root, preferences);
    this.view = new SummaryView(this.ui.points, (ref) => sourceLinkFor(ref, this.origin), (ref) => void this.openSource(ref));
    this.wire(lifetime);
    this.setPhase("idle");
  }

  /** Run a job from a menu, the command or the popup. */
  run(job: SummaryJob): void {
    void this.summarize(job.target);
  }

  /** Summarize the tab that is active in this sidebar's window. */
  async summarizeActiveTab(): Promise<void> {
    const windowId = (await browser.windows.getCurrent()).id;
    const [tab] = await browser.tabs.query({ active: true, ...(windowId === undefined ? { currentWindow: true } : { windowId }) });
    if (tab?.id !== undefined) await this.summarize({ kind: "page", tabId: tab.id });
  }

  /** Read `source` and summarize it, replacing any run in progress. */
  async summarize(source: SourceRequest, password?: string): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const { signal } = controller;
    this.retry = source;
    this.ui.passwordForm.hidden = true;
    this.view.clear();
    this.ui.result.hidden = true;
    this.setPhase("reading");
    this.say({ key: source.kind === "page" ? "summaryReadingPage" : "summaryReadingSource" });
    const range = this.pageRange();
    try {
      const read = await readSource(source, {
        signal,
        ...(password === undefined ? {} : { password }),
        ...(range ? { range } : {}),
        onPdfProgress: (progress) => {
          this.say(pdfProgressPhrase(progress));
          this.showProgress(progress.done, progress.total);
        },
      });
      if (signal.aborted) return;
      if (read.blocks.every((block) => block.text.trim() === "")) throw new NothingToSummarizeError();
      this.showSource(read);
      await this.stream(read, signal);
    } catch (error) {
      if (this.controller !== controller) return;
      if (signal.aborted) this.setPhase("stopped");
      else this.showError(error);
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }

  private async stream(read: ReadSource, signal: AbortSignal): Promise<void> {
    this.setPhase("summarizing");
    this.say({ key: "summaryStarting" });
    const style = this.preferences.style;
    const options = toSummaryOptions(this.preferences, browser.i18n.getUILanguage());
    const chunks = background().stream("summarize/document", { blocks: read.blocks, options, ownerTabId: read.origin.tabId }, { signal });
    for await (const chunk of chunks) {
      if (chunk.kind === "plan") {
        const plan = `${t(chunk.mode === "full" ? "summaryModeFullShort" : "summaryModeExtractiveShort")} · ${phrase(durationPhrase(chunk.seconds))}`;
        this.ui.meta.textContent = [this.sourceLine, plan].filter(Boolean).join(" · ");
      } else if (chunk.kind === "queued") {
        this.say({ key: "summaryQueued", subs: [String(chunk.position)] });
      } else if (chunk.kind === "progress") {
        this.say(progressPhrase(chunk));
        if (chunk.phase === "reading" || chunk.phase === "combining") this.showProgress(chunk.part, chunk.parts);
        else this.showProgress(null);
      } else {
        this.renderSummary(style, chunk);
        if (chunk.kind === "done") {
          this.setPhase(chunk.status === "stopped" ? "stopped" : "done");
          if (chunk.points.length === 0) this.say({ key: "summaryEmptyResult" });
        }
      }
    }
  }

  private renderSummary(style: SummaryPreferences["style"], chunk: Extract<SummaryChunk, { kind: "output" | "done" }>): void {
    const content: { style: typeof style; headline?: string; points: SummaryPoint[] } = { style, points: chunk.points };
    if (chunk.headline !== undefined) content.headline = chunk.headline;
    this.view.render(content);
  }

  private showSource(read: ReadSource): void {
    this.origin = read.origin;
    this.ui.result.hidden = false;
    this.ui.title.textContent = read.title || t("summaryUntitled");
    const origin = read.origin;
    const source =
      origin.kind === "page"
        ? (origin.siteName ?? "")
        : origin.kind === "selection"
          ? t("summarySelectionSource")
          : origin.range.first === 1 && origin.range.last === origin.pageCount
            ? t("summaryPdfPages", [String(origin.pageCount)])
            : t("summaryPdfRange", [String(origin.range.first), String(origin.range.last), String(origin.pageCount)]);
    this.sourceLine = source;
    this.ui.meta.textContent = source;
    const notes: string[] = [];
    if (origin.kind === "pdf" && origin.failedPages.length > 0) {
      notes.push(t("summaryPdfFailedPages", [origin.failedPages.map((failed) => failed.page).join(", ")]));
    }
    if (origin.kind === "pdf" && origin.pagesWithoutText.length > 0) {
      notes.push(t("summaryPdfPagesWithoutText", [origin.pagesWithoutText.join(", ")]));
    }
    this.ui.notes.textContent = notes.join(" ");
    this.ui.notes.hidden = notes.length === 0;
  }

  private async openSource(ref: SourceRef): Promise<void> {
    const origin = this.origin;
    try {
      if (origin?.kind === "page") {
        const index = pageBlockIndex(ref);
        if (index === null) return;
        await browser.tabs.update(origin.tabId, { active: true });
        const text = origin.blocks[index]?.text.slice(0, 200);
        const reply = await contentScriptOf(origin.tabId).request("page/scroll-to", text === undefined ? { index } : { index, text });
        if (!reply.found) this.say({ key: "summaryPassageGone" });
      } else if (origin?.kind === "pdf" && origin.url && ref.page !== undefined) {
        const url = pdfPageUrl(origin.url, ref.page);
        if (origin.tabId !== null) await browser.tabs.update(origin.tabId, { url, active: true });
        else origin.tabId = (await browser.tabs.create({ url })).id ?? null;
      }
    } catch {
      this.say({ key: "summarySourceClosed" });
    }
  }

  private wire(lifetime: AbortSignal): void {
    const { ui } = this;
    ui.pageButton.addEventListener("click", () => void this.summarizeActiveTab());
    ui.fileButton.addEventListener("click", () => ui.fileInput.click());
    ui.fileInput.addEventListener("change", () => {
      const file = ui.fileInput.files?.[0];
      ui.fileInput.value = "";
      if (file) void this.summarize({ kind: "file", file });
    });
    ui.stop.addEventListener("click", () => this.stop());
    this.root.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.controller) this.stop();
    });
    for (const control of [ui.style, ui.length, ui.language, ui.mode]) {
      control.addEventListener("change", () => {
        this.preferences = {
          style: ui.style.value as SummaryPreferences["style"],
          length: ui.length.value as SummaryPreferences["length"],
          language: ui.language.value as SummaryPreferences["language"],
          mode: ui.mode.value as SummaryPreferences["mode"],
        };
        savePreferences(this.preferences).catch((error: unknown) => this.showSaveError(error));
      });
    }
    ui.passwordForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const password = ui.passwordInput.value;
      ui.passwordInput.value = "";
      if (this.retry) void this.summarize(this.retry, password);
    });
    this.root.addEventListener("dragover", (event) => {
      if (!event.dataTransfer?.types.includes("Files")) return;
      event.preventDefault();
      this.root.dataset.dragging = "";
    });
    this.root.addEventListener("dragleave", (event) => {
      if (!this.root.contains(event.relatedTarget as Node | null)) delete this.root.dataset.dragging;
    });
    this.root.addEventListener("drop", (event) => {
      delete this.root.dataset.dragging;
      const file = [...(event.dataTransfer?.files ?? [])].find((f) => f.type === "application/pdf" || /\.pdf$/i.test(f.name));
      if (!file) return;
      event.preventDefault();
      void this.summarize({ kind: "file", file });
    });
    lifetime.addEventListener("abort", () => this.controller?.abort(), { once: true });
  }

  private stop(): void {
    this.controller?.abort();
    this.controller = null;
    this.setPhase("stopped");
  }

  private pageRange(): PdfPageRange | undefined {
    const first = Number.parseInt(this.ui.firstPage.value, 10);
    const last = Number.parseInt(this.ui.lastPage.value, 10);
    if (!Number.isFinite(first) && !Number.isFinite(last)) return undefined;
    return { first: Number.isFinite(first) ? first : 1, last: Number.isFinite(last) ? last : Number.MAX_SAFE_INTEGER };
  }

  private setPhase(phase: Phase): void {
    this.root.dataset.phase = phase;
    const busy = phase === "reading" || phase === "summarizing";
    this.ui.stop.hidden = !busy;
    if (!busy) this.showProgress(null);
    if (phase !== "error") this.ui.error.hidden = true;
    if (phase === "done") this.say({ key: "summaryDone" });
    if (phase === "stopped") this.say({ key: "summaryStopped" });
    if (phase === "idle") this.say(null);
  }

  private showError(error: unknown): void {
    const advice = adviceFor(error);
    if (!advice) {
      this.setPhase("stopped");
      return;
    }
    this.setPhase("error");
    this.say(null);
    this.ui.error.hidden = false;
    this.ui.errorText.textContent = phrase(advice);
    const action = this.ui.errorAction;
    action.hidden = advice.action === undefined || advice.action === "password";
    action.onclick = null;
    if (advice.action === "settings") {
      action.textContent = t("summaryOpenSettings");
      action.onclick = () => void browser.runtime.openOptionsPage();
    } else if (advice.action === "file") {
      action.textContent = t("summaryOpenPdf");
      action.onclick = () => this.ui.fileInput.click();
    } else if (advice.action === "password") {
      this.ui.passwordForm.hidden = false;
      this.ui.passwordInput.focus();
    }
  }

  /**
   * The choice holds for this sidebar but was not stored: said in the error line without changing the phase, so a
   * summary in progress keeps its Stop button and its status.
   */
  private showSaveError(error: unknown): void {
    this.ui.error.hidden = false;
    this.ui.errorText.textContent = phrase({ key: "summaryErrorGeneric", subs: [error instanceof Error ? error.message : String(error)] });
    this.ui.errorAction.hidden = true;
    this.ui.errorAction.onclick = null;
  }

  private showProgress(done: number | null, total?: number): void {
    const bar = this.ui.progress;
    bar.hidden = done === null;
    if (done !== null && total) {
      bar.max = total;
      bar.value = done;
    }
  }

  private say(message: Phrase | null): void {
    this.ui.status.textContent = message ? phrase(message) : "";
  }
}

function phrase(message: Phrase): string {
  return t(message.key, message.subs);
}
