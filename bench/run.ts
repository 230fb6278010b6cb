/**
 * `npm run bench`: every measure Hearth tracks, printed as it is taken and written to bench/results.json as
 * {"name": number}. Needs the test build (`npm run build:test`), which alone holds the bench page; installs its own
 * node-llama-cpp into bench/node_modules on first use. Takes about 5 minutes on two shared cores.
 */
// First, before anything loads pdf.js (see feature-measures.ts).
import "../tests/fixtures/pdf/node-polyfills";
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { BENCH_DIR, ensureBenchDependencies, ensureTestBuild } from "./bench-deps";
import { measureEngineAndPage } from "./engine-measures";
import { measurePdfAndSummary, measureTabs } from "./feature-measures";
import { BenchReport } from "./report";

async function main(): Promise<void> {
  const started = performance.now();
  ensureTestBuild();
  ensureBenchDependencies();
  const report = new BenchReport();
  console.log(`Hearth bench: Node ${process.version}, load average ${loadavg().map((n) => n.toFixed(2)).join(" ")}`);

  await report.group("Tab groups (Node)", () => measureTabs(report));
  await report.group("PDF and summaries (Node)", () => measurePdfAndSummary(report));
  await report.group("Engine, chat and page translation (Firefox ESR, wllama; node-llama-cpp)", () => measureEngineAndPage(report));

  const file = join(BENCH_DIR, "results.json");
  writeFileSync(file, `${JSON.stringify(report.results, null, 2)}\n`);
  console.log(`\nWrote ${Object.keys(report.results).length} measures to bench/results.json in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  if (report.failures.length > 0) {
    console.log(`${report.failures.length} group(s) failed:\n  ${report.failures.join("\n  ")}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
