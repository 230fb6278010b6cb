/**
 * Summarize in the background: the context-menu items and the summarize-page command (which open the sidebar and
 * post a job for it), the job stream the sidebar watches, and "summarize/document", which runs the model.
 */
import type { BackgroundContext } from "../../background/context";
import { looksLikePdfUrl, PDF_LINK_PATTERNS } from "../pdf/pdf-url";
import { SpeedMeter } from "./engine-speed";
import { JobBoard } from "./job-board";
import type { SummaryTarget } from "./protocol";
import { runSummary } from "./run-summary";

/** Register the summarize menus, command and messages. Synchronous: an event page adds listeners in its first turn. */
export function registerBackground({ server, engine, menus }: BackgroundContext): void {
  const board = new JobBoard();
  const speeds = new SpeedMeter();

  // Menu clicks and commands are user input: the sidebar must be opened before any await, or Firefox refuses.
  const openSidebarFor = (tab: browser.tabs.Tab | undefined, target: SummaryTarget | null) => {
    browser.sidebarAction.open().catch(() => {});
    if (target && tab?.windowId !== undefined) board.post(tab.windowId, target);
  };

  menus.addMenuItem({
    id: "summarize-selection",
    titleKey: "summarizeMenuSelection",
    contexts: ["selection"],
    onClick: (info, tab) =>
      openSidebarFor(tab, tab?.id === undefined ? null : { kind: "selection", tabId: tab.id, text: info.selectionText ?? "" }),
  });
  menus.addMenuItem({
    id: "summarize-page",
    titleKey: "summarizeMenuPage",
    contexts: ["page"],
    onClick: (_info, tab) => openSidebarFor(tab, pageTarget(tab)),
  });
  // tabId null: the link is not what the tab shows, so a source link opens the PDF in a new tab instead of navigating
  // the user's page away, and the summary is no tab's work (ownerTabId follows the origin's tabId).
  menus.addMenuItem({
    id: "summarize-pdf-link",
    titleKey: "summarizeMenuPdfLink",
    contexts: ["link"],
    targetUrlPatterns: PDF_LINK_PATTERNS,
    onClick: (info, tab) =>
      openSidebarFor(tab, info.linkUrl && /^(https?|file):/i.test(info.linkUrl) ? { kind: "pdf", url: info.linkUrl, tabId: null } : null),
  });
  menus.addCommand({ name: "summarize-page", run: (tab) => openSidebarFor(tab, pageTarget(tab)) });

  server.handle("summarize/queue", ({ windowId, target }) => {
    board.post(windowId, target);
    return null;
  });
  server.handleStream("summarize/jobs", ({ windowId }, _sender, signal) => board.watch(windowId, signal));
  server.handleStream("summarize/document", async function* ({ blocks, options, ownerTabId }, _sender, signal) {
    yield* runSummary(await engine, { blocks, options, ownerTabId }, signal, speeds);
  });
}

/** A tab showing a PDF in Firefox's viewer has no content script; it is summarized from its URL instead. */
function pageTarget(tab: browser.tabs.Tab | undefined): SummaryTarget | null {
  if (tab?.id === undefined) return null;
  if (looksLikePdfUrl(tab.url) && tab.url) return { kind: "pdf", url: tab.url, tabId: tab.id };
  return { kind: "page", tabId: tab.id };
}
