/** Where the reader view lives, and how it is told which tab to read: `reader/index.html?tab=<tab id>`. */

/** The reader page's path inside the add-on. */
export const READER_PAGE = "reader/index.html";

/** The reader's path for the tab `tabId`, to pass to runtime.getURL. */
export function readerPath(tabId: number): string {
  return `${READER_PAGE}?tab=${tabId}`;
}

/** The source tab id in a reader URL, or null when it is missing or not a tab id. */
export function sourceTabOf(href: string): number | null {
  const raw = new URL(href).searchParams.get("tab");
  if (raw === null || !/^\d{1,12}$/.test(raw)) return null;
  return Number(raw);
}
