/**
 * Which tab "Use this page" reads, and whether Hearth can read it. Pure, so the sidebar and the background agree and
 * tests need no browser.
 */

/** The facts about a tab this decision needs. */
export interface TabFacts {
  id: number;
  url: string;
  title: string;
  active: boolean;
  /** When the tab was last shown, in ms (Firefox's tabs.Tab.lastAccessed). */
  lastAccessed: number;
}

/** What the sidebar tells the user about the page next to it. */
export type PageAvailability =
  | { kind: "readable"; tab: TabFacts }
  /** A PDF in Firefox's own viewer, where no content script runs: read with pdf.js instead. */
  | { kind: "pdf"; tab: TabFacts }
  | { kind: "none" };

/** True for a URL whose path ends in .pdf (Firefox shows those in its built-in viewer). */
export function isPdfUrl(url: string): boolean {
  try {
    return /\.pdf$/i.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

/** True for pages Hearth's content script runs in (see manifest.json content_scripts). */
export function isWebPageUrl(url: string): boolean {
  return /^(https?|file):/i.test(url);
}

/**
 * The tab to read: the active tab of the window. When the active tab is one of Hearth's own pages (the chat opened as
 * a tab rather than in the sidebar), the web page the user looked at last instead.
 */
export function pickPageTab(tabs: readonly TabFacts[], ownOrigin: string): TabFacts | null {
  const active = tabs.find((tab) => tab.active);
  if (active && !active.url.startsWith(ownOrigin)) return active;
  const candidates = tabs.filter((tab) => isWebPageUrl(tab.url));
  return candidates.reduce<TabFacts | null>((best, tab) => (!best || tab.lastAccessed > best.lastAccessed ? tab : best), null);
}

/** Whether the chosen tab is a web page, a PDF, or nothing Hearth can read. */
export function pageAvailability(tab: TabFacts | null): PageAvailability {
  if (!tab || !isWebPageUrl(tab.url)) return { kind: "none" };
  if (isPdfUrl(tab.url)) return { kind: "pdf", tab };
  return { kind: "readable", tab };
}
