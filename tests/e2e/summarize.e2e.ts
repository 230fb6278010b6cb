/**
 * Summarize on the REAL engine (wllama on the generated tiny model, whose output is random printable text): a
 * fixture page, a PDF open in Firefox's own viewer (by its .pdf URL, and by its title when the URL does not say),
 * and a 100-page PDF read in full (map-reduce) with its progress. What the model writes is not asserted; that every
 * step completes without an error is.
 */
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeMultiPagePdf } from "../fixtures/pdf/make-pdfs";
import { TINY_SHAPE } from "../fixtures/models/tiny-shape";
import { makeShortPagesPdf } from "./fixtures/summarize-pdfs";
import { startFixtureServer, type FixtureServer } from "./fixture-server";
import { launchHearth, type HearthBrowser } from "./harness";
import { queueSummary, renderedSummary, tabIdOf, waitForPhase, windowIdOf } from "./summarize-helpers";
import { loadRealModel, serveTinyModel } from "./tiny-model";

let hearth: HearthBrowser;
let fixtures: FixtureServer;
let sidebar: Page;
let windowId: number;

const servePdf = (path: string, bytes: Uint8Array, headers: Record<string, string> = {}) =>
  fixtures.route(path, (_request, response) => {
    response.writeHead(200, { "content-type": "application/pdf", "content-length": bytes.length, ...headers });
    response.end(Buffer.from(bytes));
  });

beforeAll(async () => {
  fixtures = await startFixtureServer();
  const report = await makeMultiPagePdf();
  servePdf("/summarize-report.pdf", report);
  // A PDF behind a URL that does not end in .pdf, as download links often are. Its file name (Firefox's viewer shows
  // it as the tab title) is what lets Hearth fetch it: a tab is never downloaded on a guess.
  servePdf("/summarize-download", report, { "content-disposition": 'inline; filename="summarize-download.pdf"' });
  servePdf("/summarize-long.pdf", await makeShortPagesPdf(100));
  // A 2,048-token context (the tiny default is 512) so a summary prompt and its answer fit, as with real models.
  const model = serveTinyModel(fixtures, "/models/tiny-2k.gguf", { shape: { ...TINY_SHAPE, context: 2048 } });
  hearth = await launchHearth();
  sidebar = await hearth.openExtensionPage("sidebar/index.html", "#tab-summary");
  windowId = await windowIdOf(sidebar);
  await sidebar.click("#tab-summary");
  await sidebar.waitForSelector("#summary-page");
  await loadRealModel(sidebar, model.url, "cpu");
}, 120_000);
afterAll(async () => {
  await hearth?.close();
  await fixtures?.close();
});

/** Record every status line and meta line the panel shows from now on, with the seconds since recording began. */
async function recordStatus(): Promise<void> {
  await sidebar.evaluate(() => {
    const log: { at: number; line: string }[] = [];
    const started = performance.now();
    (window as unknown as { statusLog: typeof log }).statusLog = log;
    // Each textContent change adds a new text node: reading the records sees every line, even several per task.
    const watch = (element: HTMLElement | null, prefix: string) => {
      if (!element) return;
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) log.push({ at: Math.round(performance.now() - started) / 1000, line: prefix + (node.textContent ?? "") });
        }
      }).observe(element, { childList: true });
    };
    watch(document.getElementById("summary-status"), "");
    watch(document.getElementById("summary-meta"), "meta: ");
  });
}

const timedLog = (): Promise<{ at: number; line: string }[]> =>
  sidebar.evaluate(() => (window as unknown as { statusLog: { at: number; line: string }[] }).statusLog);
const statusLog = async (): Promise<string[]> => (await timedLog()).map((entry) => entry.line);

/** Wait for the summary to end; fail with the panel's own error message if it ended in one. */
async function expectDone(timeout = 60_000): Promise<void> {
  const phase = await waitForPhase(sidebar, ["done", "error", "stopped"], timeout).catch(async (error: unknown) => {
    throw new Error(`${String(error)}; status so far: ${JSON.stringify((await timedLog()).slice(-12))}`);
  });
  const shown = await renderedSummary(sidebar);
  expect({ phase, error: shown.error }).toEqual({ phase: "done", error: null });
}

describe("summarize on the real engine (tiny model)", () => {
  it("summarizes a fixture page", async () => {
    const page = await hearth.openPage(fixtures.url("/summarize-article.html"));
    await recordStatus();
    await queueSummary(sidebar, windowId, { kind: "page", tabId: await tabIdOf(sidebar, page.url()) });
    await expectDone();
    expect((await renderedSummary(sidebar)).title).toBe("Harbour town brings its tide mill back to life");
    const log = await statusLog();
    expect(log).toContain("Picking the key passages…");
    expect(log).toContain("Writing the summary…");
    // The estimate is shown before the model is called.
    const estimate = log.findIndex((line) => /^meta: The Estuary Courier · Key passages · (a few seconds|about [\d.]+ (seconds|min|hours))$/.test(line));
    expect(estimate).toBeGreaterThan(-1);
    expect(estimate).toBeLessThan(log.indexOf("Writing the summary…"));
    await page.close();
  });

  it("summarizes a PDF open in Firefox's own viewer, found by its URL and by its title", async () => {
    const pdfRequests = () =>
      sidebar.evaluate(async () => (await browser.storage.local.get("egress.count.tab-pdf"))["egress.count.tab-pdf"] ?? 0);
    const before = Number(await pdfRequests());
    for (const path of ["/summarize-report.pdf", "/summarize-download"]) {
      const pdf = await hearth.openPage(fixtures.url(path));
      await recordStatus();
      await queueSummary(sidebar, windowId, { kind: "page", tabId: await tabIdOf(sidebar, pdf.url()) });
      await expectDone();
      expect(await sidebar.$eval("#summary-meta", (meta) => meta.textContent)).toMatch(/^PDF, 3 pages · /);
      expect(await statusLog()).toContain("Reading page 3 of 3 of the PDF…");
      await pdf.close();
    }
    // Each PDF was fetched once through egress.ts, which counted it for the Privacy section.
    expect(Number(await pdfRequests()) - before).toBe(2);
  });

  it("reads a 100-page PDF in full (map-reduce), reporting each part", async () => {
    await sidebar.select("#summary-mode", "full");
    await recordStatus();
    await queueSummary(sidebar, windowId, { kind: "pdf", url: fixtures.url("/summarize-long.pdf"), tabId: null });
    await expectDone(240_000);
    const log = await statusLog();
    expect(log).toContain("Reading page 100 of 100 of the PDF…");
    // The estimate is on screen before the first part is read.
    const estimate = log.findIndex((line) => /^meta: PDF, 100 pages · Read in full · (a few seconds|about [\d.]+ (seconds|min|hours))$/.test(line));
    expect(estimate).toBeGreaterThan(-1);
    expect(estimate).toBeLessThan(log.findIndex((line) => line.startsWith("Reading part 1 of")));
    const parts = log.map((line) => /^Reading part (\d+) of (\d+)…$/.exec(line)).filter((m): m is RegExpExecArray => m !== null);
    const total = Number(parts[0]?.[2]);
    expect(total).toBeGreaterThan(10);
    // Every part was reported, in order (the UI may coalesce none: one status per part).
    expect(parts.map((m) => Number(m[1]))).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(log).toContain("Writing the summary…");
    console.log(`full read of 100 pages: ${total} parts, ${(await timedLog()).at(-1)?.at} s`);
    await sidebar.select("#summary-mode", "auto");
  }, 300_000);
});
