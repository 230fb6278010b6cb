/** Helpers shared by the summarize e2e tests: find a page's tab and ask its content script, from an extension page. */
import type { Page } from "puppeteer-core";
import { inExtension } from "./harness";
import type { WireReply } from "./wire";

/** The tab id of the tab showing `url`, seen from an extension page (Hearth has the "tabs" permission). */
export async function tabIdOf(extensionPage: Page, url: string): Promise<number> {
  const id = await inExtension(
    extensionPage,
    async (wanted: string) => (await browser.tabs.query({})).find((tab) => tab.url === wanted)?.id ?? null,
    url,
  );
  if (id === null) throw new Error(`no tab shows ${url}`);
  return id;
}

/** Send a content request to tab `tabId`'s content script, retrying while the script is still loading. */
export function contentRequestIn<T>(extensionPage: Page, tabId: number, type: string, payload: unknown): Promise<WireReply<T>> {
  return inExtension(
    extensionPage,
    async (tab: number, t: string, p: unknown) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return (await browser.tabs.sendMessage(tab, { hearth: "request", type: t, payload: p }, { frameId: 0 })) as WireReply<T>;
        } catch (error) {
          if (attempt >= 40) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    },
    tabId,
    type,
    payload,
  );
}

/** The window id an extension page (a sidebar opened as a tab) belongs to. */
export async function windowIdOf(extensionPage: Page): Promise<number> {
  const id = await inExtension(extensionPage, async () => (await browser.windows.getCurrent()).id ?? null);
  if (id === null) throw new Error("the page has no window");
  return id;
}

/** Post a summary job for window `windowId`, as a menu click or the summarize-page command does. */
export async function queueSummary(extensionPage: Page, windowId: number, target: unknown): Promise<void> {
  const reply = await inExtension(
    extensionPage,
    (w: number, tgt: unknown) => browser.runtime.sendMessage({ hearth: "request", type: "summarize/queue", payload: { windowId: w, target: tgt } }),
    windowId,
    target,
  );
  if (!(reply as WireReply<null>).ok) throw new Error(`summarize/queue failed: ${JSON.stringify(reply)}`);
}

/** Wait until the Summary panel reaches one of `phases` ("done", "error", "stopped"...); returns the phase. */
export async function waitForPhase(sidebar: Page, phases: string[], timeout = 30_000): Promise<string> {
  // Polled from here: one long waitForFunction would run into puppeteer's 180 s protocol timeout on long jobs.
  const deadline = Date.now() + timeout;
  for (;;) {
    const phase = await sidebar.evaluate(() => document.getElementById("panel-summary")?.dataset.phase ?? "");
    if (phases.includes(phase)) return phase;
    if (Date.now() > deadline) throw new Error(`the Summary panel stayed in phase "${phase}" for ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface RenderedPoint {
  text: string;
  complete: string | undefined;
  sources: { label: string; anchor?: string; page?: string; clickable: boolean }[];
}

/** The summary as the panel shows it: title, headline, and each point with its source links. */
export function renderedSummary(sidebar: Page): Promise<{ title: string; headline: string | null; points: RenderedPoint[]; status: string; error: string | null }> {
  return sidebar.evaluate(() => {
    const text = (selector: string) => document.querySelector(selector)?.textContent ?? null;
    const points = [...document.querySelectorAll<HTMLElement>("#summary-points .summary-point")].map((point) => ({
      text: point.querySelector(".summary-point-text")?.textContent ?? "",
      complete: point.dataset.complete,
      sources: [...point.querySelectorAll<HTMLElement>(".summary-source")].map((source) => ({
        label: source.textContent ?? "",
        ...(source.dataset.sourceAnchor === undefined ? {} : { anchor: source.dataset.sourceAnchor }),
        ...(source.dataset.sourcePage === undefined ? {} : { page: source.dataset.sourcePage }),
        clickable: source.localName === "button",
      })),
    }));
    const errorBox = document.getElementById("summary-error");
    return {
      title: text("#summary-title") ?? "",
      headline: text(".summary-headline"),
      points,
      status: text("#summary-status") ?? "",
      error: errorBox && !errorBox.hidden ? text("#summary-error-text") : null,
    };
  });
}
