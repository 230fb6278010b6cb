import { describe, expect, it } from "vitest";
import { describeCheck, describeDownload, describeImport, formatDuration, progressValue } from "./models-text";

// Returns the key and its substitutions, so each test sees exactly what would be localized.
const t = (key: string, subs?: string | string[]) => (subs === undefined ? key : `${key}(${([] as string[]).concat(subs).join("|")})`);

describe("Models section text", () => {
  it("writes durations in sensible units", () => {
    expect(formatDuration(40, "en")).toBe("40 seconds");
    expect(formatDuration(150, "en")).toBe("3 minutes");
    expect(formatDuration(7200, "en")).toBe("2 hours");
    expect(formatDuration(0.2, "en")).toBe("1 second");
    expect(formatDuration(120, "de")).toBe("2 Minuten");
  });

  it("describes download progress with size, percent, speed and time left", () => {
    const line = describeDownload(
      { kind: "progress", phase: "downloading", file: 1, files: 1, loaded: 120_000_000, total: 676_000_000, percent: 17.7, bytesPerSecond: 5_100_000, etaSeconds: 109 },
      t,
      "en",
    );
    expect(line).toBe("modelsProgressOf(120 MB|676 MB|17.7) · modelsRate(5.1 MB) · modelsEta(2 minutes)");
    expect(describeDownload({ kind: "progress", phase: "downloading", file: 2, files: 3, loaded: 5_000, total: null, percent: null, bytesPerSecond: null, etaSeconds: null }, t, "en")).toBe(
      "5 kB · modelsFileOf(2|3)",
    );
  });

  it("names resumes, retries and the checking phases", () => {
    expect(describeDownload({ kind: "started", modelId: "m", resumedFrom: 2_000_000, total: 5_000_000 }, t, "en")).toBe("modelsResuming(2 MB)");
    expect(describeDownload({ kind: "started", modelId: "m", resumedFrom: 0, total: null }, t, "en")).toBe("modelsStarting");
    expect(describeDownload({ kind: "retrying", attempt: 1, reason: "x", fromByte: 1_500 }, t, "en")).toBe("modelsRetrying(1.5 kB|2)");
    expect(describeDownload({ kind: "progress", phase: "verifying", file: 1, files: 1, loaded: 1, total: 1, percent: 100, bytesPerSecond: null, etaSeconds: null }, t, "en")).toBe(
      "modelsPhaseVerifying",
    );
  });

  it("describes imports", () => {
    expect(describeImport({ kind: "progress", copied: 1_000_000, total: 4_000_000, percent: 25 }, t, "en")).toBe("modelsProgressOf(1 MB|4 MB|25)");
  });

  it("reports the weakest check of a model's files", () => {
    const file = (check: "sha256" | "size" | "host-sha256") => ({ name: "f", bytes: 1, sha256: null, check });
    expect(describeCheck({ files: [file("sha256"), file("size")] }, t)).toBe("modelsCheckSizeOnly");
    expect(describeCheck({ files: [file("sha256")] }, t)).toBe("modelsCheckSha256");
    expect(describeCheck({ files: [file("host-sha256"), file("sha256")] }, t)).toBe("modelsCheckHostSha256");
  });

  it("gives the progress bar a value only when the total is known", () => {
    expect(progressValue({ kind: "progress", copied: 1, total: 4, percent: 25 })).toBe(25);
    expect(progressValue({ kind: "started", modelId: "m", resumedFrom: 0, total: null })).toBeNull();
  });
});
