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
