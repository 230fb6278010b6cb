/**
 * The Models section's words and numbers: sizes, speeds, time left, how a file was checked. Pure functions of the
 * data and a translate function, so they are tested without a browser.
 */
import { formatBytes } from "../bytes-text";
import type { DownloadChunk, ImportChunk, InstalledModelView } from "../protocol";
import type { FileCheck } from "../model-records";

export type Translate = (key: string, substitutions?: string | string[]) => string;

/** "about 3 minutes" / "about 40 seconds" / "about 2 hours" in `locale`. */
export function formatDuration(seconds: number, locale: string): string {
  const [value, unit] = seconds >= 5400 ? [Math.round(seconds / 3600), "hour"] : seconds >= 90 ? [Math.round(seconds / 60), "minute"] : [Math.max(1, Math.round(seconds)), "second"];
  return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "long" }).format(value);
}

/** One line of progress for a download event, e.g. "120 MB of 676 MB (17.7%) · 5.1 MB/s · about 2 minutes left". */
export function describeDownload(chunk: DownloadChunk, t: Translate, locale: string): string {
  switch (chunk.kind) {
    case "started":
      return chunk.resumedFrom > 0 ? t("modelsResuming", [formatBytes(chunk.resumedFrom, locale)]) : t("modelsStarting");
    case "retrying":
      return t("modelsRetrying", [formatBytes(chunk.fromByte, locale), String(chunk.attempt + 1)]);
    case "done":
      return t("modelsDownloaded", [chunk.model.name]);
    case "progress": {
      if (chunk.phase === "checking") return t("modelsPhaseChecking");
      if (chunk.phase === "verifying") return t("modelsPhaseVerifying");
      const amount =
        chunk.total === null
          ? formatBytes(chunk.loaded, locale)
          : t("modelsProgressOf", [formatBytes(chunk.loaded, locale), formatBytes(chunk.total, locale), String(chunk.percent ?? 0)]);
      const parts = [amount];
      if (chunk.bytesPerSecond !== null && chunk.bytesPerSecond > 0) parts.push(t("modelsRate", [formatBytes(chunk.bytesPerSecond, locale)]));
      if (chunk.etaSeconds !== null) parts.push(t("modelsEta", [formatDuration(chunk.etaSeconds, locale)]));
      if (chunk.files > 1) parts.push(t("modelsFileOf", [String(chunk.file), String(chunk.files)]));
      return parts.join(" · ");
    }
  }
}

/** The progress line of an import. */
export function describeImport(chunk: ImportChunk, t: Translate, locale: string): string {
  if (chunk.kind === "done") return t("modelsImported", [chunk.model.name]);
  return t("modelsProgressOf", [formatBytes(chunk.copied, locale), formatBytes(chunk.total, locale), String(chunk.percent)]);
}

/** How a stored model was checked, in words ("Checked: sha256 listed by Hearth"). */
export function describeCheck(model: Pick<InstalledModelView, "files">, t: Translate): string {
  const order: FileCheck[] = ["size", "host-sha256", "sha256", "imported", "embedded"];
  // A model is as trustworthy as its least-checked file.
  const weakest = model.files.map((file) => file.check).sort((a, b) => order.indexOf(a) - order.indexOf(b))[0] ?? "size";
  const keys: Record<FileCheck, string> = {
    sha256: "modelsCheckSha256",
    "host-sha256": "modelsCheckHostSha256",
    size: "modelsCheckSizeOnly",
    imported: "modelsCheckImported",
    embedded: "modelsCheckEmbedded",
  };
  return t(keys[weakest]);
}

/** Percent for a <progress> element, or null for an indeterminate one. */
export function progressValue(chunk: DownloadChunk | ImportChunk): number | null {
  if (chunk.kind === "progress" && "percent" in chunk && chunk.percent !== null) return chunk.percent;
  if (chunk.kind === "done") return 100;
  return null;
}
