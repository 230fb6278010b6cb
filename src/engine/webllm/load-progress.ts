/**
 * web-llm reports loading as {progress: 0..1, text}. The UI wants bytes while downloading, so the byte count is
 * read back from web-llm's text ("Fetching param cache[3/24]: 120MB fetched. 10% completed, ...").
 */
import type { InitProgressReport } from "@mlc-ai/web-llm";
import type { LoadProgress } from "../engine";

const MiB = 1024 * 1024;
const FETCHED = /(\d+)MB fetched/;

/** The LoadProgress for one web-llm progress report. */
export function toLoadProgress(report: InitProgressReport): LoadProgress {
  const fraction = Math.min(1, Math.max(0, report.progress));
  const fetched = FETCHED.exec(report.text);
  if (fetched?.[1] && fraction > 0 && fraction < 1) {
    const loaded = Number(fetched[1]) * MiB;
    return { phase: "fetching", loaded, total: Math.max(loaded, Math.round(loaded / fraction)) };
  }
  // Reading weights from the cache into the GPU, compiling shaders, or done: no bytes to show, only a share.
  return { phase: fraction < 1 && /fetch/i.test(report.text) ? "fetching" : "initializing", loaded: Math.round(fraction * 1000), total: 1000 };
}
