/**
 * Where a selection action waits between the background's menu click and the sidebar's chat: storage.session, which
 * lives in memory only (a selection is never written to disk) and reaches every Hearth page through onChanged.
 */
import { pendingActionForWindow, type PendingAction } from "./selection-actions";

const PENDING_KEY = "chat.pendingAction";

/** Leave an action for the chat in the action's window (background). */
export async function postPendingAction(pending: PendingAction): Promise<void> {
  await browser.storage.session.set({ [PENDING_KEY]: pending });
}

/**
 * Hand each action meant for `windowId` to `onAction`: the one waiting now, then each new one, until `signal` aborts.
 * An action is removed before it is handed over, so it runs once, in one page, even if the sidebar reloads.
 */
export function watchPendingActions(windowId: number | null, onAction: (pending: PendingAction) => void, signal: AbortSignal): void {
  // The first read and a change event can both carry the same action.
  const taken = new Set<string>();
  const take = (value: unknown) => {
    const pending = pendingActionForWindow(value, windowId, Date.now());
    if (!pending || signal.aborted || taken.has(pending.id)) return;
    taken.add(pending.id);
    // Another Hearth page of the same window (the chat opened as a tab beside the sidebar) may see it too: take it
    // under a lock, and only if it is still there.
    void navigator.locks.request(PENDING_KEY, async () => {
      const current = (await browser.storage.session.get(PENDING_KEY))[PENDING_KEY] as { id?: unknown } | undefined;
      if (current?.id !== pending.id) return;
      await browser.storage.session.remove(PENDING_KEY);
      onAction(pending);
    });
  };
  const onChanged = (changes: Record<string, browser.storage.StorageChange>, area: string) => {
    if (area === "session" && changes[PENDING_KEY]?.newValue !== undefined) take(changes[PENDING_KEY].newValue);
  };
  browser.storage.onChanged.addListener(onChanged);
  signal.addEventListener("abort", () => browser.storage.onChanged.removeListener(onChanged), { once: true });
  void browser.storage.session.get(PENDING_KEY).then((stored) => take(stored[PENDING_KEY]));
}
