/**
 * Page translation's DOM cost in a real Firefox page: measureDomCostPer1000Segments (src/features/translate/bench.ts)
 * on a generated page of about 50,000 nodes, and the longest task the page's event loop sees while such a page is
 * translated and restored.
 */
import { generateBenchPage, instantTranslator, measureDomCostPer1000Segments } from "../features/translate/bench";
import { PageTranslation } from "../features/translate/scheduler";
import type { SegmentTranslator } from "../features/translate/segment-translator";
import type { TranslateDomRun } from "./bench-api";
import { yieldToPage } from "../shared/async/yield-to-page";

/**
 * A heartbeat task posted again as soon as it runs: the longest gap between two beats is the longest the page could
 * not run anything else (Firefox has no Long Tasks API). `stop(at)` ends the count at `at`.
 */
function longTaskWatch(): { stop(at: number): number } {
  const channel = new MessageChannel();
  let running = true;
  let last = performance.now();
  let longest = 0;
  channel.port1.onmessage = () => {
    const at = performance.now();
    longest = Math.max(longest, at - last);
    last = at;
    if (running) channel.port2.postMessage(null);
  };
  channel.port2.postMessage(null);
  return {
    stop(at) {
      running = false;
      channel.port1.close();
      return Math.max(longest, at - last);
    },
  };
}

/** Nodes per generated section, counted on a scratch document, so the page can be sized in nodes. */
function nodesPerSection(): number {
  const scratch = document.implementation.createHTMLDocument("scratch");
  const article = generateBenchPage(scratch, 10);
  let nodes = 0;
  const walker = scratch.createTreeWalker(article, NodeFilter.SHOW_ALL);
  while (walker.nextNode()) nodes += 1;
  return nodes / 10;
}

/**
 * The instant translator, but each batch's answer arrives in a task of its own, as a port message from the engine
 * would. measureDomCostPer1000Segments answers in microtasks, which is right for the cost but would turn the whole
 * translation into one task.
 */
const messagePacedTranslator: SegmentTranslator = {
  supports: () => true,
  async *translateBatch(segments, options) {
    await yieldToPage();
    yield* instantTranslator.translateBatch(segments, options);
  },
};

/**
 * The longest task while `article` is translated and restored as in the content script: walk slices, batches answered
 * in tasks of their own, writes and the restore flushed in budgeted animation frames. The longest task includes the
 * browser's own style and layout work after each frame's writes. Settings as in measureDomCostPer1000Segments.
 */
async function longestTaskWhileTranslating(article: HTMLElement, original: Node): Promise<{
  longestTaskMs: number;
  longestIdleTaskMs: number;
  longestTranslateTaskMs: number;
  longestRestoreTaskMs: number;
  longestSliceMs: number;
  restoredIdentical: boolean;
}> {
  const translation = new PageTranslation({
    root: article,
    from: "en",
    to: "de",
    modelId: "bench-instant",
    translator: messagePacedTranslator,
    isVisible: () => true,
    limits: { tokenBudget: 512, countTokens: (text) => Math.ceil(text.length / 4) },
    scheduleWrite: (flush) => void requestAnimationFrame(() => flush()),
    yieldToPage,
    follow: false,
  });
  // The page alone, before Hearth does anything: what the browser does on its own (collecting the garbage of earlier
  // measures, for one) shows here, not in Hearth's figures.
  const idle = longTaskWatch();
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const longestIdleTaskMs = idle.stop(performance.now());
  const translating = longTaskWatch();
  await translation.start();
  await yieldToPage();
  const longestTranslateTaskMs = translating.stop(performance.now());
  const restoring = longTaskWatch();
  await translation.restoreOriginal();
  const longestRestoreTaskMs = restoring.stop(performance.now());
  return {
    longestTaskMs: Math.max(longestTranslateTaskMs, longestRestoreTaskMs),
    longestIdleTaskMs,
    longestTranslateTaskMs,
    longestRestoreTaskMs,
    longestSliceMs: translation.segmentationStats.longestSliceMs,
    restoredIdentical: article.isEqualNode(original),
  };
}

/** Runs of the paced translation; the longest task is reported as their median, with every run listed. */
const PACED_RUNS = 3;
/** How long the page is left alone before each paced run, with the heartbeat watching. */
const IDLE_MS = 2000;

/**
 * Page translation on a page of about `targetNodes` nodes: the cost per 1000 segments from
 * measureDomCostPer1000Segments (after a small warm-up run), then the longest task in runs paced like the real one.
 * The longest task includes the browser's own work: here, now and then a pause of most of a second that no Hearth
 * task accounts for, seen as often while the page sits idle before a run as during one (garbage or cycle collection is
 * the likely cause). So each run reports the longest task of its idle lead-in too, the runs share one page to keep the
 * bench's own garbage small, and the median of three runs keeps one such pause from standing for the whole measure.
 */
export async function measureTranslateDom(targetNodes: number): Promise<TranslateDomRun> {
  const sections = Math.max(1, Math.round(targetNodes / nodesPerSection()));
  await measureDomCostPer1000Segments(document, { sections: 50, yieldToPage });
  const cost = await measureDomCostPer1000Segments(document, { sections, yieldToPage });
  // One page for every paced run (a restore gives back the identical page), so the bench's own garbage stays small.
  const article = generateBenchPage(document, sections);
  const original = article.cloneNode(true);
  // Laying the page out the first time is the bench's doing, not Hearth's.
  void article.getBoundingClientRect();
  await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
  const runs = [];
  for (let run = 0; run < PACED_RUNS; run += 1) runs.push(await longestTaskWhileTranslating(article, original));
  article.remove();
  runs.sort((a, b) => a.longestTaskMs - b.longestTaskMs);
  const paced = runs[Math.floor(runs.length / 2)] ?? runs[0];
  if (!paced) throw new Error("no paced run");
  return {
    pacedRuns: runs.map(({ longestIdleTaskMs, longestTranslateTaskMs, longestRestoreTaskMs }) => ({
      longestIdleTaskMs,
      longestTranslateTaskMs,
      longestRestoreTaskMs,
    })),
    nodes: cost.nodes,
    segments: cost.segments,
    perThousandSegmentsMs: cost.perThousandSegmentsMs,
    translateMs: cost.translateMs,
    restoreMs: cost.restoreMs,
    longestTaskMs: paced.longestTaskMs,
    longestTranslateTaskMs: paced.longestTranslateTaskMs,
    longestRestoreTaskMs: paced.longestRestoreTaskMs,
    longestSliceMs: Math.max(cost.longestSliceMs, paced.longestSliceMs),
    restoredIdentical: cost.restoredIdentical && runs.every((run) => run.restoredIdentical),
  };
}
