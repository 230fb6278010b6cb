/**
 * The Summary panel end to end with the scripted engine, so the rendered summary can be asserted exactly: a job
 * (what a menu click or the command posts) brings the panel up, the page is read by its content script, the points
 * link back to their passages, and clicking one scrolls the page there. Also: Stop, the no-model error, a selection,
 * and PDFs (page links, password, broken, scanned).
 */
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { damageXref, encryptPdf, makeImageOnlyPdf, makeMultiPagePdf, truncatePdf } from "../fixtures/pdf/make-pdfs";
import { startFixtureServer, type FixtureServer } from "./fixture-server";
import { launchHearth, type HearthBrowser } from "./harness";
import { queueSummary, renderedSummary, tabIdOf, waitForPhase, windowIdOf } from "./summarize-helpers";
import { loadScriptedEngine } from "./tiny-model";

let hearth: HearthBrowser;
let fixtures: FixtureServer;
let sidebar: Page;
let windowId: number;

const servePdf = (path: string, bytes: Uint8Array) =>
  fixtures.route(path, (_request, response) => {
    response.writeHead(200, { "content-type": "application/pdf", "content-length": bytes.length });
    response.end(Buffer.from(bytes));
  });

beforeAll(async () => {
  fixtures = await startFixtureServer();
  servePdf("/summarize-report.pdf", await makeMultiPagePdf());
  servePdf("/summarize-locked.pdf", encryptPdf(await makeMultiPagePdf(), "tide"));
  servePdf("/summarize-broken.pdf", truncatePdf(await makeMultiPagePdf(), 0.3));
  servePdf("/summarize-scan.pdf", await makeImageOnlyPdf());
  servePdf("/summarize-damaged.pdf", await damageXref(await makeMultiPagePdf(), 2, true));
  hearth = await launchHearth();
  // One sidebar for the whole file: every sidebar of a window picks up that window's jobs.
  sidebar = await hearth.openExtensionPage("sidebar/index.html", "#tab-summary");
  windowId = await windowIdOf(sidebar);
});
afterAll(async () => {
  await hearth?.close();
  await fixtures?.close();
});


async function openArticle(): Promise<{ page: Page; tabId: number }> {
  const page = await hearth.openPage(fixtures.url("/summarize-article.html"));
  return { page, tabId: await tabIdOf(sidebar, page.url()) };
}

describe("summarizing a page with the scripted engine", () => {
  it("brings the Summary tab up for a job, and says there is no model yet, with a way to the settings", async () => {
    expect(await sidebar.$eval("#tab-summary", (tab) => tab.getAttribute("aria-selected"))).toBe("false");
    const { page, tabId } = await openArticle();
    await queueSummary(sidebar, windowId, { kind: "page", tabId });
    expect(await waitForPhase(sidebar, ["error", "done"])).toBe("error");
    expect(await sidebar.$eval("#tab-summary", (tab) => tab.getAttribute("aria-selected"))).toBe("true");
    const shown = await renderedSummary(sidebar);
    expect(shown.error).toBe("No model yet: open Hearth's settings to download one.");
    expect(await sidebar.$eval("#summary-error-action", (b) => [(b as HTMLElement).hidden, b.textContent])).toEqual([false, "Open Hearth's settings"]);
    await page.close();
  });

  it("shows the points under the page's title, each linked to its passage; a link scrolls the page there", async () => {
    await loadScriptedEngine(sidebar, [
      "Here are the key points:\n" +
        "- The restored tide mill turned for the first time since 1962 [1]\n" +
        "- The work cost 1.8 million euros, mostly from a lottery grant [2]\n" +
        "- A bakery on Quay Street will buy the flour [7]\n" +
        "- The trust plans a museum in the miller's cottage [11][12]",
    ]);
    const { page, tabId } = await openArticle();
    await queueSummary(sidebar, windowId, { kind: "page", tabId });
    expect(await waitForPhase(sidebar, ["done", "error"])).toBe("done");
    const shown = await renderedSummary(sidebar);
    expect(shown.title).toBe("Harbour town brings its tide mill back to life");
    expect(shown.points).toEqual([
      { text: "The restored tide mill turned for the first time since 1962", complete: "true", sources: [{ label: "¶ 1", anchor: "page:0", clickable: true }] },
      { text: "The work cost 1.8 million euros, mostly from a lottery grant", complete: "true", sources: [{ label: "¶ 2", anchor: "page:1", clickable: true }] },
      { text: "A bakery on Quay Street will buy the flour", complete: "true", sources: [{ label: "¶ 9", anchor: "page:8", clickable: true }] },
      {
        text: "The trust plans a museum in the miller's cottage",
        complete: "true",
        sources: [
          { label: "¶ 14", anchor: "page:13", clickable: true },
          { label: "¶ 15", anchor: "page:14", clickable: true },
        ],
      },
    ]);
    expect(await sidebar.$eval("#summary-meta", (meta) => meta.textContent)).toMatch(/^The Estuary Courier · Key passages · /);

    await page.evaluate(() => window.scrollTo(0, 0));
    await sidebar.click('#summary-points button[data-source-anchor="page:14"]');
    await page.waitForFunction(() => {
      const rect = document.getElementById("p-quote")?.getBoundingClientRect();
      return rect !== undefined && window.scrollY > 0 && rect.top >= 0 && rect.bottom <= window.innerHeight;
    }, { polling: 100 });
    expect(await page.evaluate(() => document.querySelectorAll("hearth-passage-mark").length)).toBe(1);
    await page.close();
  });

  it("stops when asked and keeps what was written", async () => {
    const words = Array.from({ length: 300 }, (_, i) => `word${i}`).join(" ");
    await loadScriptedEngine(sidebar, [`- First point about the mill [1]\n- ${words} [2]`], 40);
    const { page, tabId } = await openArticle();
    await queueSummary(sidebar, windowId, { kind: "page", tabId });
    await sidebar.waitForFunction(() => document.querySelectorAll("#summary-points .summary-point").length >= 2, { polling: 100 });
    await sidebar.$eval("#summary-stop", (button) => (button as HTMLButtonElement).click());
    expect(await waitForPhase(sidebar, ["stopped"])).toBe("stopped");
    const shown = await renderedSummary(sidebar);
    expect(shown.points[0]).toMatchObject({ text: "First point about the mill", complete: "true" });
    expect(shown.points[1]?.text).toMatch(/^word0 word1/);
    expect(shown.points[1]?.text).not.toMatch(/word299/);
    expect(shown.status).toBe("Stopped. What was written so far stays here.");
    // Nothing more arrives after Stop.
    const before = shown.points[1]?.text;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await renderedSummary(sidebar)).points[1]?.text).toBe(before);
    await page.close();
  });

  it("summarizes a selection, as the context menu does", async () => {
    await loadScriptedEngine(sidebar, ["The sluice gates were rebuilt from salvaged pier timber. [1]"]);
    await sidebar.select("#summary-style", "tldr");
    const { page, tabId } = await openArticle();
    await page.evaluate(() => {
      const range = document.createRange();
      range.selectNodeContents(document.getElementById("p-gates") as HTMLElement);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    });
    await queueSummary(sidebar, windowId, { kind: "selection", tabId, text: "The old oak" });
    expect(await waitForPhase(sidebar, ["done", "error"])).toBe("done");
    const shown = await renderedSummary(sidebar);
    expect(shown.points).toEqual([{ text: "The sluice gates were rebuilt from salvaged pier timber.", complete: "true", sources: [] }]);
    expect(await sidebar.$eval("#summary-meta", (meta) => meta.textContent)).toMatch(/^Selected text · /);
    await sidebar.select("#summary-style", "key-points");
    await page.close();
  });

  it("the panel's own button summarizes the active tab", async () => {
    await loadScriptedEngine(sidebar, ["- The mill grinds two tonnes of flour a month [7]"]);
    const { page } = await openArticle();
    await page.bringToFront();
    await sidebar.$eval("#summary-page", (button) => (button as HTMLButtonElement).click());
    expect(await waitForPhase(sidebar, ["done", "error"])).toBe("done");
    expect((await renderedSummary(sidebar)).points).toEqual([
      { text: "The mill grinds two tonnes of flour a month", complete: "true", sources: [{ label: "¶ 9", anchor: "page:8", clickable: true }] },
    ]);
    await page.close();
  });
});

describe("summarizing PDFs with the scripted engine", () => {
  it("reads a PDF open in Firefox's viewer, links points to its pages, and opens a page from a link", async () => {
    await loadScriptedEngine(sidebar, ["- Revenue grew by twelve percent [1]\n- A second memory supplier will be qualified [3]"]);
    const pdf = await hearth.openPage(fixtures.url("/summarize-report.pdf"));
    const tabId = await tabIdOf(sidebar, pdf.url());
    await queueSummary(sidebar, windowId, { kind: "page", tabId });
    expect(await waitForPhase(sidebar, ["done", "error"])).toBe("done");
    const shown = await renderedSummary(sidebar);
    expect(shown.title).toBe("summarize-report.pdf");
    expect(shown.points).toEqual([
      { text: "Revenue grew by twelve percent", complete: "true", sources: [{ label: "p. 1", page: "1", clickable: true }] },
      { text: "A second memory supplier will be qualified", complete: "true", sources: [{ label: "p. 2", page: "2", clickable: true }] },
    ]);
    expect(await sidebar.$eval("#summary-meta", (meta) => meta.textContent)).toMatch(/^PDF, 3 pages · Key passages · /);
    await sidebar.click('#summary-points button[data-source-page="2"]');
    await pdf.waitForFunction(() => location.hash === "#page=2", { polling: 100 });
    await pdf.close();
  });

  it("asks for the password of an encrypted PDF and reads it once given", async () => {
    // [5] is not a passage of this 4-passage PDF: the point is linked by its words instead.
    await loadScriptedEngine(sidebar, ["- The board expects slower growth [5]"]);
    await queueSummary(sidebar, windowId, { kind: "pdf", url: fixtures.url("/summarize-locked.pdf"), tabId: null });
    expect(await waitForPhase(sidebar, ["error", "done"])).toBe("error");
    expect((await renderedSummary(sidebar)).error).toBe("This PDF is protected by a password. Enter it to read the PDF.");
    // Typing goes to the active tab.
    await sidebar.bringToFront();
    await sidebar.type("#summary-password-input", "wrong");
    await sidebar.click("#summary-password button[type=submit]");
    await sidebar.waitForFunction(() => document.getElementById("summary-error-text")?.textContent?.startsWith("That password does not open"), { polling: 100 });
    await sidebar.type("#summary-password-input", "tide");
    await sidebar.click("#summary-password button[type=submit]");
    expect(await waitForPhase(sidebar, ["done", "error"])).toBe("done");
    expect((await renderedSummary(sidebar)).points).toEqual([
      { text: "The board expects slower growth", complete: "true", sources: [{ label: "p. 3", page: "3", clickable: true }] },
    ]);
    // The PDF was downloaded once; the password retries reused it.
    expect(fixtures.requests.filter((r) => r.path === "/summarize-locked.pdf")).toHaveLength(1);
  });

  it("reads only the chosen page range, and lists pages it could not read", async () => {
    await loadScriptedEngine(sidebar, ["- Supply of memory chips remains tight [1]", "- Revenue grew [1]"]);
    await sidebar.bringToFront();
    await sidebar.type("#summary-first-page", "2");
    await sidebar.type("#summary-last-page", "3");
    await queueSummary(sidebar, windowId, { kind: "pdf", url: fixtures.url("/summarize-report.pdf"), tabId: null });
    expect(await waitForPhase(sidebar, ["done", "error"])).toBe("done");
    expect(await sidebar.$eval("#summary-meta", (meta) => meta.textContent)).toMatch(/^PDF, pages 2–3 of 3 · /);
    expect((await renderedSummary(sidebar)).points).toEqual([
      { text: "Supply of memory chips remains tight", complete: "true", sources: [{ label: "p. 2", page: "2", clickable: true }] },
    ]);
    await sidebar.$eval("#summary-first-page", (input) => ((input as HTMLInputElement).value = ""));
    await sidebar.$eval("#summary-last-page", (input) => ((input as HTMLInputElement).value = ""));

    await queueSummary(sidebar, windowId, { kind: "pdf", url: fixtures.url("/summarize-damaged.pdf"), tabId: null });
    expect(await waitForPhase(sidebar, ["done", "error"])).toBe("done");
    expect(await sidebar.$eval("#summary-notes", (notes) => [(notes as HTMLElement).hidden, notes.textContent])).toEqual([false, "These pages could not be read: 2."]);
  });

  it("summarizes a PDF file dropped on the panel; its page numbers are shown, not linked", async () => {
    await loadScriptedEngine(sidebar, ["- The board expects growth to slow [4]"]);
    const bytes = [...(await makeMultiPagePdf())];
    await sidebar.evaluate((data: number[]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], "local-report.pdf", { type: "application/pdf" }));
      document.getElementById("panel-summary")?.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    expect(await waitForPhase(sidebar, ["done", "error"])).toBe("done");
    const shown = await renderedSummary(sidebar);
    expect(shown.title).toBe("local-report.pdf");
    expect(shown.points).toEqual([{ text: "The board expects growth to slow", complete: "true", sources: [{ label: "p. 3", clickable: false }] }]);
  });

  it("says when a PDF is broken or has no text layer", async () => {
    await queueSummary(sidebar, windowId, { kind: "pdf", url: fixtures.url("/summarize-broken.pdf"), tabId: null });
    expect(await waitForPhase(sidebar, ["error", "done"])).toBe("error");
    expect((await renderedSummary(sidebar)).error).toBe("This PDF is broken or incomplete, so it cannot be read.");
    await queueSummary(sidebar, windowId, { kind: "pdf", url: fixtures.url("/summarize-scan.pdf"), tabId: null });
    await sidebar.waitForFunction(() => document.getElementById("summary-error-text")?.textContent?.includes("no text layer"), { polling: 100 });
    await queueSummary(sidebar, windowId, { kind: "pdf", url: fixtures.url("/summarize-article.html"), tabId: null });
    await sidebar.waitForFunction(() => document.getElementById("summary-error-text")?.textContent?.startsWith("This link does not lead to a PDF"), { polling: 100 });
  });
});
