/**
 * What the sidebar chat needs from Firefox, in one place: its window, the tab "Use this page" reads, a lock per
 * conversation across windows, the conversation to show again when the sidebar reopens, clipboard and download.
 */
import { pageAvailability, pickPageTab, type PageAvailability, type TabFacts } from "./page-target";

/** The window this sidebar (or the chat opened as a tab) belongs to. */
export async function currentWindowId(): Promise<number | null> {
  return (await browser.windows.getCurrent()).id ?? null;
}

/** What "Use this page" would read in `windowId` now. */
export async function pageInWindow(windowId: number | null): Promise<PageAvailability> {
  const tabs = await browser.tabs.query(windowId === null ? { currentWindow: true } : { windowId });
  const facts: TabFacts[] = tabs.flatMap((tab) =>
    tab.id === undefined
      ? []
      : [{ id: tab.id, url: tab.url ?? "", title: tab.title ?? "", active: tab.active, lastAccessed: tab.lastAccessed ?? 0 }],
  );
  return pageAvailability(pickPageTab(facts, browser.runtime.getURL("")));
}

/** Call `onChange` when the page next to the chat may have changed (another tab, a navigation), until `signal` aborts. */
export function watchPageChanges(windowId: number | null, onChange: () => void, signal: AbortSignal): void {
  const activated = (info: { windowId: number }) => {
    if (windowId === null || info.windowId === windowId) onChange();
  };
  const updated = (_id: number, change: { url?: string; title?: string; status?: string }, tab: browser.tabs.Tab) => {
    if ((windowId === null || tab.windowId === windowId) && (change.url || change.title || change.status === "complete")) onChange();
  };
  browser.tabs.onActivated.addListener(activated);
  browser.tabs.onUpdated.addListener(updated);
  signal.addEventListener("abort", () => {
    browser.tabs.onActivated.removeListener(activated);
    browser.tabs.onUpdated.removeListener(updated);
  }, { once: true });
}

/**
 * Run `work` holding conversation `id`'s lock, shared by every Hearth page (Web Locks), so two windows never stream
 * into the same conversation at once; "busy" without waiting when another window holds it.
 */
export async function withConversationLock<T>(id: string, work: () => Promise<T>): Promise<T | "busy"> {
  return navigator.locks.request(`hearth-chat:${id}`, { ifAvailable: true }, (lock) => (lock ? work() : "busy" as const));
}

const REMEMBERED_KEY = "hearth.chat.openByWindow";
const REMEMBERED_MAX = 20;

function rememberedMap(): Record<string, string> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(REMEMBERED_KEY) ?? "{}");
    return typeof value === "object" && value !== null ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** The conversation this window's chat showed last (window ids last until Firefox restarts), if any. */
export function rememberedConversation(windowId: number | null): string | null {
  const id = rememberedMap()[String(windowId)];
  return typeof id === "string" ? id : null;
}

/** Note the conversation this window's chat shows, so reopening the sidebar shows it again. */
export function rememberConversation(windowId: number | null, conversationId: string | null): void {
  const map = rememberedMap();
  delete map[String(windowId)];
  if (conversationId) map[String(windowId)] = conversationId;
  const entries = Object.entries(map).slice(-REMEMBERED_MAX);
  localStorage.setItem(REMEMBERED_KEY, JSON.stringify(Object.fromEntries(entries)));
}

/** Put `text` on the clipboard. */
export function copyText(text: string): Promise<void> {
  return navigator.clipboard.writeText(text);
}

/** Offer `text` as a file download: a blob of our own text behind an <a download>, nothing fetched. */
export function downloadText(fileName: string, text: string, type = "text/markdown"): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it starts; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Open Hearth's settings, where the model is chosen. */
export function openSettings(): void {
  void browser.runtime.openOptionsPage();
}
