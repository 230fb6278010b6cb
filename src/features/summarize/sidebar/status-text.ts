/**
 * What the summary panel says while it works and when something goes wrong, as locale keys with substitutions, so
 * the wording lives in _locales and this mapping is tested without a browser.
 */
import type { PdfProgress } from "../../pdf/extract";
import type { SummaryProgress } from "../map-reduce";

/** A localizable message: a _locales key and its substitutions. */
export interface Phrase {
  key: string;
  subs?: string[];
}

/** What the user can do about an error, offered as a button or form next to it. */
export type ErrorAction = "settings" | "password" | "file";

export interface Advice extends Phrase {
  action?: ErrorAction;
}

/** "Reading part 3 of 12…" and the like, for a step of the summary. */
export function progressPhrase(progress: SummaryProgress): Phrase {
  const of = [String(progress.part), String(progress.parts)];
  switch (progress.phase) {
    case "selecting":
      return { key: "summaryProgressSelecting" };
    case "reading":
      return { key: "summaryProgressReading", subs: of };
    case "combining":
      return { key: "summaryProgressCombining", subs: of };
    case "writing":
      return { key: "summaryProgressWriting" };
  }
}

/** "Reading page 3 of 12 of the PDF…". */
export function pdfProgressPhrase(progress: PdfProgress): Phrase {
  return { key: "summaryProgressPdf", subs: [String(progress.done), String(progress.total)] };
}

/** "about 2 minutes", "about 40 seconds", "a few seconds". */
export function durationPhrase(seconds: number): Phrase {
  if (!(seconds >= 10)) return { key: "summaryDurationFewSeconds" };
  if (seconds < 60) return { key: "summaryDurationSeconds", subs: [String(Math.round(seconds / 5) * 5)] };
  if (seconds < 90 * 60) return { key: "summaryDurationMinutes", subs: [String(Math.max(1, Math.round(seconds / 60)))] };
  return { key: "summaryDurationHours", subs: [String(Math.round((seconds / 3600) * 10) / 10)] };
}

const ADVICE: Record<string, Advice> = {
  ModelNotLoadedError: { key: "summaryErrorNoModel", action: "settings" },
  OutOfMemoryError: { key: "summaryErrorMemory", action: "settings" },
  ContextOverflowError: { key: "summaryErrorContext", action: "settings" },
  NoWebGpuError: { key: "summaryErrorNoGpu", action: "settings" },
  BusyError: { key: "summaryErrorBusy" },
  PdfPasswordRequiredError: { key: "summaryPdfPassword", action: "password" },
  PdfWrongPasswordError: { key: "summaryPdfWrongPassword", action: "password" },
  BrokenPdfError: { key: "summaryPdfBroken" },
  PdfNoTextLayerError: { key: "summaryPdfNoText" },
  LocalPdfError: { key: "summaryPdfLocal", action: "file" },
  PdfDownloadError: { key: "summaryPdfDownload", action: "file" },
  NotPdfError: { key: "summaryNotPdf" },
  UnreadableTabError: { key: "summaryUnreadableTab", action: "file" },
  NothingToSummarizeError: { key: "summaryNothing" },
};

/** What to tell the user about `error`; null when it only means the user stopped the work. */
export function adviceFor(error: unknown): Advice | null {
  const name = error instanceof Error ? error.name : "";
  if (name === "AbortedError" || name === "AbortError") return null;
  const known = ADVICE[name];
  if (known) return known;
  const message = error instanceof Error ? error.message : String(error);
  if (name === "EngineError") return { key: "summaryErrorEngine", subs: [message] };
  return { key: "summaryErrorGeneric", subs: [message] };
}
