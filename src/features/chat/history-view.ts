/**
 * The list of stored conversations: search, open, rename, export as Markdown, delete one, delete all (each delete
 * asks first, inline). Reloaded whenever it is shown and when the sidebar gets focus, since another window's sidebar
 * may have changed the history meanwhile.
 */
import type { Translate } from "./budget-line";
import { el } from "../../shared/ui/dom";
import { button } from "./chat-dom";
import type { HistoryStore, SearchHit, StoredConversation } from "./history-store";

export interface HistoryActions {
  open(id: string): void;
  export(id: string): Promise<void>;
  /** A conversation was renamed or deleted here, or all were. */
  changed(): void;
  /** Reading the history failed (IndexedDB can, at any time): for the chat's error line. */
  failed(error: unknown): void;
}

export class HistoryView {
  readonly root: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  private readonly confirmArea: HTMLElement;
  private readonly status: HTMLElement;
  private loading = 0;

  constructor(
    private readonly store: HistoryStore,
    private readonly actions: HistoryActions,
    private readonly t: Translate,
    private readonly locale: string,
  ) {
    this.search = el("input", { className: "chat-history-search", attrs: { type: "search", placeholder: t("chatHistorySearch"), "aria-label": t("chatHistorySearch") } });
    this.search.addEventListener("input", () => void this.reload().catch((error: unknown) => this.actions.failed(error)));
    this.list = el("ul", { className: "chat-history-list" });
    this.empty = el("p", { className: "muted chat-history-empty" });
    this.confirmArea = el("div", { className: "chat-confirm", attrs: { role: "alertdialog", "aria-live": "assertive" } });
    this.confirmArea.hidden = true;
    this.status = el("p", { className: "visually-hidden", attrs: { role: "status" } });
    const deleteAll = button(t("chatDeleteAll"), () => void this.confirmDeleteAll(), "chat-delete-all");
    this.root = el(
      "section",
      { className: "chat-history", attrs: { id: "chat-history", "aria-label": t("chatHistoryHeading") } },
      el("div", { className: "chat-history-head" }, el("h2", { text: t("chatHistoryHeading") }), deleteAll),
      this.search,
      this.confirmArea,
      this.list,
      this.empty,
      this.status,
    );
    this.root.hidden = true;
  }

  /** Show the current list (or search results). */
  async reload(): Promise<void> {
    const ticket = ++this.loading;
    const query = this.search.value.trim();
    const hits: SearchHit[] = query
      ? await this.store.search(query)
      : (await this.store.list()).filter((c) => c.messageCount > 0).map((conversation) => ({ conversation, snippet: null }));
    // A later keystroke started a newer search; its results win.
    if (ticket !== this.loading) return;
    this.list.replaceChildren(...hits.map((hit) => this.item(hit)));
    this.empty.textContent = query ? this.t("chatHistoryNoMatch") : this.t("chatHistoryEmpty");
    this.empty.hidden = hits.length > 0;
  }

  private item({ conversation, snippet }: SearchHit): HTMLLIElement {
    const title = conversation.title || this.t("chatUntitled");
    const open = button(title, () => this.actions.open(conversation.id), "chat-history-open");
    const when = new Date(conversation.updatedAt).toLocaleString(this.locale, { dateStyle: "medium", timeStyle: "short" });
    const item = el(
      "li",
      { attrs: { "data-id": conversation.id } },
      open,
      el("span", { className: "muted chat-history-date", text: when }),
      snippet ? el("p", { className: "muted chat-history-snippet", text: snippet }) : null,
    );
    const rename = button(this.t("chatRename"), () => this.startRename(item, conversation));
    const exportIt = button(this.t("chatExport"), () => void this.actions.export(conversation.id).catch((error: unknown) => this.actions.failed(error)));
    const remove = button(this.t("chatDelete"), () => this.confirmDelete(conversation));
    for (const [b, label] of [[rename, "chatRenameLabel"], [exportIt, "chatExportLabel"], [remove, "chatDeleteLabel"]] as const) {
      b.setAttribute("aria-label", this.t(label, [title]));
    }
    item.append(el("div", { className: "chat-history-actions" }, rename, exportIt, remove));
    return item;
  }

  private startRename(item: HTMLLIElement, conversation: StoredConversation): void {
    const field = el("input", { className: "chat-rename-field", attrs: { type: "text", maxlength: "200", "aria-label": this.t("chatRenameField") } });
    field.value = conversation.title;
    const form = el("form", { className: "chat-rename" }, field, el("button", { text: this.t("chatRenameSave"), attrs: { type: "submit" } }));
    const error = el("p", { className: "error", attrs: { role: "alert" } });
    form.append(button(this.t("chatEditCancel"), () => void this.reload()), error);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.store.rename(conversation.id, field.value).then(
        () => {
          this.actions.changed();
          void this.reload();
        },
        (failure: unknown) => (error.textContent = failure instanceof Error ? failure.message : String(failure)),
      );
    });
    field.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      event.stopPropagation();
      void this.reload();
    });
    item.replaceChildren(form);
    field.focus();
    field.select();
  }

  private confirmDelete(conversation: StoredConversation): void {
    this.ask(this.t("chatDeleteQuestion", [conversation.title || this.t("chatUntitled")]), this.t("chatDelete"), async () => {
      await this.store.delete(conversation.id);
      this.status.textContent = this.t("chatDeleted");
    });
  }

  private async confirmDeleteAll(): Promise<void> {
    const count = (await this.store.list()).length;
    if (count === 0) return;
    this.ask(this.t("chatDeleteAllQuestion", [count.toLocaleString(this.locale)]), this.t("chatDeleteAllConfirm"), async () => {
      await this.store.deleteAll();
      this.status.textContent = this.t("chatDeletedAll");
    });
  }

  /** Ask inline before something that cannot be undone; focus goes to Cancel, the safe choice. */
  private ask(question: string, confirmLabel: string, confirmed: () => Promise<void>): void {
    const close = () => {
      this.confirmArea.hidden = true;
      this.confirmArea.replaceChildren();
    };
    const yes = button(confirmLabel, () => {
      close();
      void confirmed().then(() => {
        this.actions.changed();
        return this.reload();
      });
    }, "danger");
    const no = button(this.t("chatEditCancel"), close);
    this.confirmArea.replaceChildren(el("p", { text: question }), yes, no);
    this.confirmArea.hidden = false;
    no.focus();
  }
}
