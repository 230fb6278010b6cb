/**
 * Feature measures that run in Node on the features' own pure functions: tab clustering (speed at 500 tabs,
 * accuracy on the labeled fixture), PDF extraction against poppler's pdftotext, and the tokens a summary sends.
 */
// pdf.js 6 needs Promise.withResolvers, which Node 20 lacks; it must load before pdf.js does.
import "../tests/fixtures/pdf/node-polyfills";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeLongPdf } from "../tests/fixtures/pdf/make-pdfs";
import { median } from "../src/bench/stats";
import { usePdfJs } from "../src/features/pdf/extract";
import { measurePdfExtractionSpeed, measurePdfSummaryTokens } from "../src/features/pdf/pdf-bench";
import { approximateCountTokens } from "../src/features/summarize/approx-tokens";
import { adjustedRandIndex } from "../src/features/tab-groups/adjusted-rand-index";
import { LABELED_TABS } from "../tests/fixtures/tab-groups/labeled-tabs";
import { prepareSyntheticClustering } from "../tests/fixtures/tab-groups/synthetic-window";
import { suggestGroups } from "../src/features/tab-groups/suggest-groups";
import type { BenchReport } from "./report";

// Node 20 lacks the Iterator helpers pdf.js's modern build needs; its legacy build extracts the same text.
usePdfJs(() => import("pdfjs-dist/legacy/build/pdf.mjs"));

const PDF_PAGES = 200;

/** Tab clustering: a warm 500-tab run (median of 5) and the adjusted Rand index on the labeled fixture. */
export async function measureTabs(report: BenchReport): Promise<void> {
  const cluster = prepareSyntheticClustering(500);
  cluster();
  const times: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const started = performance.now();
    cluster();
    times.push(performance.now() - started);
  }
  report.measure("tabs.cluster_500_ms", median(times), "suggestGroups on 500 synthetic tabs, warm, median of 5 (Node; goal < 100 ms)");

  // Scored as the unit test scores it: ungrouped tabs and noise tabs each count as a cluster of their own.
  const tabs = LABELED_TABS.map((tab, i) => ({ ...tab, id: i + 1, pinned: false, incognito: false }));
  const groupOf = new Map<number, number>();
  suggestGroups(tabs).groups.forEach((group, g) => group.tabIds.forEach((id) => groupOf.set(id, g)));
  const ari = adjustedRandIndex(
    tabs.map((tab) => tab.topic ?? `alone-${tab.id}`),
    tabs.map((tab) => groupOf.get(tab.id) ?? `alone-${tab.id}`),
  );
  report.measure("tabs.fixture_ari", ari, `adjusted Rand index of suggestGroups on the ${tabs.length}-tab labeled fixture`);
}

/** Wall time of `pdftotext file -` (stdout discarded), median of 3. */
function pdftotextSeconds(file: string): number {
  const times: number[] = [];
  for (let run = 0; run < 3; run += 1) {
    const started = performance.now();
    const result = spawnSync("pdftotext", [file, "-"], { stdio: ["ignore", "ignore", "pipe"] });
    if (result.error) throw new Error(`pdftotext could not run (apt-get install poppler-utils): ${result.error.message}`);
    if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr.toString()}`);
    times.push((performance.now() - started) / 1000);
  }
  return median(times);
}

/** pdf.js against pdftotext on the generated 200-page report, and the summary token accounting for it. */
export async function measurePdfAndSummary(report: BenchReport): Promise<void> {
  const pdf = await makeLongPdf(PDF_PAGES);
  const temp = mkdtempSync(join(tmpdir(), "hearth-bench-pdf-"));
  try {
    const file = join(temp, "report.pdf");
    writeFileSync(file, pdf);
    // The first run loads pdf.js and its fonts; the second is the warm figure.
    await measurePdfExtractionSpeed(pdf);
    const pdfjs = await measurePdfExtractionSpeed(pdf);
    const poppler = pdftotextSeconds(file);
    report.measure(
      "summarize.pdfjs_over_pdftotext",
      pdfjs.seconds / poppler,
      `pdf.js extraction time / pdftotext time, ${PDF_PAGES}-page PDF (${pdfjs.seconds.toFixed(2)} s, warm, in Node vs ${poppler.toFixed(2)} s, median of 3)`,
    );
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }

  const { defaultMode, fullRead } = await measurePdfSummaryTokens(pdf, approximateCountTokens);
  const counter = "approximate token counter (src/features/summarize/approx-tokens.ts)";
  report.measure(
    "summarize.token_overhead",
    fullRead.ratio,
    `tokens sent / document tokens for a full-read summary of the ${PDF_PAGES}-page PDF (${fullRead.tokensSent} / ${fullRead.documentTokens}, ${fullRead.calls} calls; ${counter})`,
  );
  report.measure(
    "summarize.cpu_prefill_tokens_200_pages",
    defaultMode.tokensSent,
    `tokens the model reads summarizing the ${PDF_PAGES}-page PDF in default CPU (extractive) mode, ${defaultMode.calls} call(s) (goal <= 2500; ${counter})`,
  );
}
