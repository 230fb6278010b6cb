/**
 * Page translation's DOM cost in a real Firefox page: measureDomCostPer1000Segments (src/features/translate/bench.ts)
 * on a generated page of about 50,000 nodes, and the longest task the page's event loop sees while such a page is
 * translated and restored.
 */
import { generateBenchPage, instantTranslator, measureDomCostPer1000Segments } from "../features/translate/bench";
import { PageTranslation } from "../features/translate/scheduler";
import type { SegmentTranslator } from "../features/translate/segment-translator";
import type { TranslateDomRun } from "./bench-api";

/** Yield to the page for real, as a content script would; MessageChannel, because nested zero timeouts clamp to 4 ms. */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

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
 * The longest task while a page of `sections` sections is translated and restored as in the content script: walk
 * slices, batches answered in tasks of their own, writes flushed in budgeted tasks (requestAnimationFrame in the
 * content script), the restore in one task. Settings as in measureDomCostPer1000Segments.
 */
async function longestTaskWhileTranslating(sections: number): Promise<{ longestTaskMs: number; longestSliceMs: number; restoredIdentical: boolean }> {
  const article = generateBenchPage(document, sections);
  const original = article.cloneNode(true);
  const translation = new PageTranslation({
    root: article,
    from: "en",
    to: "de",
    modelId: "bench-instant",
    translator: messagePacedTranslator,
    isVisible: () => true,
    limits: { tokenBudget: 512, countTokens: (text) => Math.ceil(text.length / 4) },
    scheduleWrite: (flush) => void yieldToPage().then(flush),
    yieldToPage,
    follow: false,
  });
  // Generating the page is the bench's doing, not Hearth's: start counting after it.
  await yieldToPage();
  const watch = longTaskWatch();
  await translation.start();
  await yieldToPage();
  translation.restoreOriginal();
  const longestTaskMs = watch.stop(performance.now());
  const restoredIdentical = article.isEqualNode(original);
  article.remove();
  return { longestTaskMs, longestSliceMs: translation.segmentationStats.longestSliceMs, restoredIdentical };
}

/**
 * Page translation on a page of about `targetNodes` nodes: the cost per 1000 segments from
 * measureDomCostPer1000Segments (after a small warm-up run), then the longest task in a run paced like the real one.
 */
export async function measureTranslateDom(targetNodes: number): Promise<TranslateDomRun> {
  const sections = Math.max(1, Math.round(targetNodes / nodesPerSection()));
  await measureDomCostPer1000Segments(document, { sections: 50, yieldToPage });
  const cost = await measureDomCostPer1000Segments(document, { sections, yieldToPage });
  const paced = await longestTaskWhileTranslating(sections);
  return {
    nodes: cost.nodes,
    segments: cost.segments,
    perThousandSegmentsMs: cost.perThousandSegmentsMs,
    translateMs: cost.translateMs,
    restoreMs: cost.restoreMs,
    longestTaskMs: paced.longestTaskMs,
    longestSliceMs: Math.max(cost.longestSliceMs, paced.longestSliceMs),
    restoredIdentical: cost.restoredIdentical && paced.restoredIdentical,
  };
}
