/**
 * The "Summary" tab of the sidebar. Jobs from menus and the summarize-page command are watched from the moment the
 * sidebar loads, even while another tab of the sidebar is showing: a job brings this panel to the front (through the
 * URL hash the sidebar follows) and runs as soon as the panel is built.
 */
import { background } from "../../shared/platform/runtime";
import { follow } from "../../shared/async/follow";
import type { SidebarPanel } from "../../sidebar/panel";
import type { SummaryJob } from "./protocol";
import { mountSummaryPanel } from "./sidebar/summary-panel";

export const PANEL_ID = "summary";

const waiting: SummaryJob[] = [];
let deliver: ((job: SummaryJob) => void) | null = null;
const pageLifetime = new AbortController();
addEventListener("pagehide", () => pageLifetime.abort(), { once: true });
void watchJobs(pageLifetime.signal, (job) => {
  if (deliver) deliver(job);
  else {
    waiting.splice(0, waiting.length, job);
    // The sidebar shows (and builds) the panel named in its URL hash.
    location.hash = PANEL_ID;
  }
});

export const sidebarPanel: SidebarPanel = {
  id: PANEL_ID,
  titleKey: "summaryPanelTitle",
  order: 20,
  async mount(root, context) {
    const panel = await mountSummaryPanel(root, context.lifetime);
    deliver = (job) => {
      context.show();
      panel.run(job);
    };
    const job = waiting.pop();
    if (job) panel.run(job);
  },
};

/** Follow this window's summary jobs, reconnecting when Firefox unloads the background, until `signal` aborts. */
async function watchJobs(signal: AbortSignal, onJob: (job: SummaryJob) => void): Promise<void> {
  const windowId = (await browser.windows.getCurrent()).id;
  if (windowId === undefined) return;
  await follow((open) => background().stream("summarize/jobs", { windowId }, { signal: open, window: 1 }), onJob, signal);
}
