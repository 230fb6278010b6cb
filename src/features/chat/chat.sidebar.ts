/**
 * The sidebar's Chat panel (sidebar/index.html#chat, the first tab): the conversation, the message box, the budget
 * line, the model in use, and the history of conversations, stored in this add-on's IndexedDB on this device.
 */
import { background } from "../../shared/platform/runtime";
import { t, uiLanguage } from "../../shared/platform/i18n";
import { watchStatus } from "../../shared/status/watch-status";
import type { SidebarPanel, SidebarPanelContext } from "../../sidebar/panel";
import { formatBudget } from "./budget-line";
import { el } from "../../shared/ui/dom";
import { button } from "./chat-dom";
import {
  copyText,
  currentWindowId,
  downloadText,
  openSettings,
  pageInWindow,
  rememberConversation,
  rememberedConversation,
  watchPageChanges,
  withConversationLock,
} from "./chat-platform";
import { ChatSession, type ChatSnapshot } from "./chat-session";
import { Composer } from "./composer";
import { conversationToMarkdown, safeFileName } from "./export-markdown";
import { HistoryStore } from "./history-store";
import { HistoryView } from "./history-view";
import { MessageList } from "./message-list";
import { readPageForChat } from "./page-source";
import { describeModel } from "./model-line";
import type { BudgetChunk } from "./protocol";
import { actionMessage, type PendingAction } from "./selection-actions";
import { watchPendingActions } from "./selection-inbox";
import "./chat.css";

/** The line under the conversation: waiting, queued, or what the prompt holds and when the first words come. */
function statusText(snapshot: ChatSnapshot, locale: string): string {
  const { budget, busy, queuedAhead, state } = snapshot;
  if (busy && !budget) return t("chatPreparing");
  if (!budget) return "";
  const line = formatBudget(budget, t, locale);
  return state.phase === "generating" && queuedAhead > 0 ? `${t("chatQueued", [String(queuedAhead)])} ${line}` : line;
}

/** What the model read of the page this turn, as a list the user can open. */
function pagePassages(budget: BudgetChunk | null): HTMLElement | null {
  const page = budget?.page;
  if (!page || page.passages.length === 0) return null;
  const items = page.passages.map((passage) =>
    el("li", { attrs: { value: String(passage.number) } }, passage.section ? el("span", { className: "muted", text: `${passage.section}: ` }) : null, passage.text),
  );
  return el(
    "details",
    { className: "chat-page-passages" },
    el("summary", { text: t("chatPageRead", [page.title || page.url || "", String(page.passages.length)]) }),
    el("ol", {}, ...items),
  );
}

async function mount(root: HTMLElement, context: SidebarPanelContext): Promise<void> {
  const locale = uiLanguage();
  let opened: [number | null, HistoryStore];
  try {
    opened = await Promise.all([currentWindowId(), HistoryStore.open()]);
  } catch (error) {
    // Without its database the chat could not keep what is said; say why instead of showing an empty panel.
    root.append(el("p", { className: "error", attrs: { role: "alert" }, text: t("chatStorageFailed", [error instanceof Error ? error.message : String(error)]) }));
    return;
  }
  const [windowId, store] = opened;
  context.lifetime.addEventListener("abort", () => store.close(), { once: true });

  const modelLine = el("p", { className: "chat-model", attrs: { id: "chat-model" } });
  const switchModel = el("a", { className: "chat-switch-model", text: t("chatSwitchModel"), attrs: { href: browser.runtime.getURL("options/index.html") } });
  switchModel.addEventListener("click", (event) => {
    event.preventDefault();
    openSettings();
  });
  const title = el("h2", { className: "chat-title" });
  const historyButton = button(t("chatHistory"), () => void toggleHistory().catch(storageFailed), "chat-history-toggle");
  historyButton.setAttribute("aria-expanded", "false");
  historyButton.setAttribute("aria-controls", "chat-history");
  const newButton = button(t("chatNew"), () => void session.newChat().then(() => composer.focus(), storageFailed), "chat-new");
  const header = el(
    "div",
    { className: "chat-header" },
    el("div", { className: "chat-model-row" }, modelLine, switchModel),
    el("div", { className: "chat-title-row" }, title, historyButton, newButton),
  );
  const log = el("div", { className: "chat-log", attrs: { role: "log", "aria-live": "polite", "aria-label": t("chatLogLabel"), "data-empty": t("chatEmpty") } });
  const statusLine = el("p", { className: "chat-status muted", attrs: { role: "status" } });
  const passages = el("div", { className: "chat-passages" });

  let shownBudget: BudgetChunk | null = null;
  function render(): void {
    const snapshot = session.snapshot();
    title.textContent = snapshot.conversation?.title || t("chatNewTitle");
    messages.render(snapshot);
    composer.render(snapshot);
    const text = statusText(snapshot, locale);
    if (statusLine.textContent !== text) statusLine.textContent = text;
    if (snapshot.budget !== shownBudget) {
      shownBudget = snapshot.budget;
      passages.replaceChildren(...[pagePassages(shownBudget)].filter((node) => node !== null));
    }
  }

  const session = new ChatSession({
    store,
    reply: (payload, signal) => background().stream("chat/reply", payload, { signal }),
    condense: (text) => background().request("chat/condense", { text }),
    pageChoice: async () => {
      const page = await pageInWindow(windowId);
      return page.kind === "none" ? null : { tabId: page.tab.id, url: page.tab.url, title: page.tab.title };
    },
    readPage: (page, signal) => readPageForChat(page, signal, t),
    withLock: withConversationLock,
    onChange: () => render(),
    onConversation: (id) => rememberConversation(windowId, id),
    summarizeLeadIn: (kept, total) => t("chatSummarizePrompt", [String(kept), String(total)]),
  });
  const messages = new MessageList(log, {
    copy: copyText,
    regenerate: () => void session.regenerate(composer.usePage()),
    editLast: (text) => void session.editLast(text, composer.usePage()),
    summarizeFirst: () => void session.summarizeFirst(composer.usePage()),
    openSettings,
  }, t);
  const composer = new Composer({
    send: (text) => void sendFromComposer(text),
    stop: () => session.stop(),
    pageToggled: (on) => {
      if (on) session.forgetPage();
    },
  }, t);
  const history = new HistoryView(store, {
    open: (id) => void session.open(id).then(() => toggleHistory(false)).catch(storageFailed),
    export: exportConversation,
    changed: () => void session.conversationChanged(),
    failed: storageFailed,
  }, t, locale);

  // IndexedDB can fail at any time (disk full, the profile's storage broken): say so in the notice line, where the
  // chat's other errors show, instead of leaving an unhandled rejection and a panel that silently did nothing.
  function storageFailed(error: unknown): void {
    session.reportError(new Error(t("chatStorageFailed", [error instanceof Error ? error.message : String(error)])));
  }

  async function sendFromComposer(text: string): Promise<void> {
    if (text.trim()) composer.setText("");
    await session.send(text, composer.usePage());
    const notice = session.snapshot().notice;
    // Nothing was sent: give the words back rather than lose them.
    if (text.trim() && notice && notice.kind !== "error") composer.setText(text);
  }

  async function toggleHistory(show = historyPanel.hidden): Promise<void> {
    if (show) await history.reload();
    historyPanel.hidden = !show;
    historyButton.setAttribute("aria-expanded", String(show));
  }

  async function exportConversation(id: string): Promise<void> {
    const chat = await store.get(id);
    if (!chat) return;
    downloadText(safeFileName(chat.conversation.title || "chat", chat.conversation.createdAt), conversationToMarkdown(chat.conversation, chat.messages));
  }

  function takeAction(pending: PendingAction): void {
    context.show();
    const leadIn = { explain: t("chatExplainPrompt"), rewrite: t("chatRewritePrompt"), ask: t("chatAskPrompt") };
    const message = actionMessage(pending, leadIn);
    if (!message.send) return composer.setText(message.text);
    void session.newChat().then(() => session.send(message.text, false));
  }

  const historyPanel = history.root;
  root.classList.add("chat-panel");
  root.append(header, historyPanel, log, statusLine, passages, composer.root);
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && session.snapshot().state.phase === "generating") {
      event.preventDefault();
      session.stop();
    }
  });

  const remembered = rememberedConversation(windowId);
  if (!remembered || !(await session.open(remembered))) render();
  // The tab query can fail (the window closing under the sidebar): that goes to the notice line too.
  const showPage = () =>
    pageInWindow(windowId).then(
      (page) => composer.showPage(page),
      (error: unknown) => session.reportError(error),
    );
  void showPage();
  watchPageChanges(windowId, () => void showPage(), context.lifetime);
  // Another window's sidebar may have changed the history while this one was in the background.
  addEventListener("focus", () => {
    void session.refresh().catch(storageFailed);
    void showPage();
    if (!historyPanel.hidden) void history.reload().catch(storageFailed);
  }, { signal: context.lifetime });
  void watchStatus((status) => (modelLine.textContent = describeModel(status.engine, t)), context.lifetime);
  watchPendingActions(windowId, takeAction, context.lifetime);
  composer.focus();
}

/** The Chat tab of the sidebar. */
export const sidebarPanel: SidebarPanel = { id: "chat", titleKey: "chatTab", order: 0, mount };
