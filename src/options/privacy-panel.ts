/**
 * The Privacy section of the options page: everything Hearth keeps on this device, with sizes, and how many requests
 * it has ever made, per purpose (counted by src/shared/platform/egress.ts; model downloads are listed in full in the
 * AI models section's log).
 */
import { DEFAULT_DB_NAME, openHistoryDb } from "../features/chat/history-db";
import { egressCountsOf } from "../shared/platform/egress-count";
import { t, uiLanguage } from "../shared/platform/i18n";
import { background } from "../shared/platform/runtime";
import { jsonBytes, privacyLines, type StoredFacts } from "./privacy-summary";

async function chatHistoryFacts(): Promise<{ conversations: number; bytes: number }> {
  // Looking must not create: opening the database would make an empty one (and block "Remove all AI data").
  const existing = await indexedDB.databases();
  if (!existing.some((database) => database.name === DEFAULT_DB_NAME)) return { conversations: 0, bytes: 0 };
  const db = await openHistoryDb();
  try {
    const [conversations, messages] = await Promise.all([db.getAll("conversations"), db.getAll("messages")]);
    const records: unknown[] = [...conversations, ...messages];
    return { conversations: conversations.length, bytes: records.reduce<number>((sum, record) => sum + jsonBytes(record), 0) };
  } finally {
    db.close();
  }
}

async function gatherFacts(): Promise<StoredFacts> {
  const [overview, chats, local] = await Promise.all([
    background().request("models/overview", {}),
    chatHistoryFacts(),
    browser.storage.local.get(null),
  ]);
  return {
    modelBytes: overview.storage.modelBytes,
    modelCount: overview.installed.length,
    partialBytes: overview.storage.partialBytes,
    chatConversations: chats.conversations,
    chatBytes: chats.bytes,
    settingsBytes: jsonBytes(local),
    requests: egressCountsOf(local),
  };
}

/** Fill `list` (a <dl>) with what is stored, and refresh it whenever `refresh` fires (e.g. after "Remove all"). */
export function mountPrivacyPanel(list: HTMLElement, message: HTMLElement, lifetime: AbortSignal): () => Promise<void> {
  const render = async () => {
    try {
      const lines = privacyLines(await gatherFacts(), t, uiLanguage());
      list.replaceChildren(
        ...lines.flatMap((line) => {
          const term = document.createElement("dt");
          term.textContent = t(line.labelKey);
          const value = document.createElement("dd");
          value.textContent = line.value;
          value.dataset.privacy = line.labelKey;
          return [term, value];
        }),
      );
      message.textContent = "";
    } catch (error) {
      message.textContent = t("privacyFailed", [error instanceof Error ? error.message : String(error)]);
    }
  };
  void render();
  // Sizes change as models download or chats are written elsewhere; refresh when the page comes back into view.
  document.addEventListener("visibilitychange", () => void (document.visibilityState === "visible" && render()), { signal: lifetime });
  return render;
}
