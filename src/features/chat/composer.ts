/**
 * The message box under the conversation: Enter sends, Shift+Enter starts a new line; Send turns into Stop while an
 * answer streams; "Use this page" names the page (or PDF) it would read, or says there is none; errors show inline.
 */
import type { Translate } from "./budget-line";
import { el } from "../../shared/ui/dom";
import { button, isSendKey } from "./chat-dom";
import type { ChatSnapshot, Notice } from "./chat-session";
import type { PageAvailability } from "./page-target";

export interface ComposerActions {
  send(text: string): void;
  stop(): void;
  /** "Use this page" was switched on or off. */
  pageToggled(on: boolean): void;
}

export class Composer {
  readonly root: HTMLFormElement;
  private readonly field: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly usePageBox: HTMLInputElement;
  private readonly pageName: HTMLElement;
  private readonly notice: HTMLElement;

  constructor(
    private readonly actions: ComposerActions,
    private readonly t: Translate,
  ) {
    this.usePageBox = el("input", { attrs: { type: "checkbox", id: "chat-use-page" } });
    this.pageName = el("span", { className: "chat-page-name muted", attrs: { id: "chat-page-name" } });
    const pageLabel = el("label", { className: "chat-use-page", attrs: { for: "chat-use-page" } }, this.usePageBox, t("chatUsePage"));
    this.usePageBox.setAttribute("aria-describedby", "chat-page-name");
    this.usePageBox.addEventListener("change", () => this.actions.pageToggled(this.usePageBox.checked));

    this.field = el("textarea", {
      className: "chat-input",
      attrs: { rows: "3", id: "chat-input", placeholder: t("chatPlaceholder"), "aria-label": t("chatInputLabel") },
    });
    this.field.addEventListener("keydown", (event) => {
      if (!isSendKey(event)) return;
      event.preventDefault();
      this.root.requestSubmit();
    });
    this.notice = el("p", { className: "chat-notice", attrs: { role: "alert" } });
    this.sendButton = el("button", { className: "primary chat-send", text: t("chatSend"), attrs: { type: "submit" } });
    this.stopButton = button(t("chatStop"), () => this.actions.stop(), "chat-stop");
    this.stopButton.title = t("chatStopHint");
    this.root = el(
      "form",
      { className: "chat-composer", attrs: { "aria-label": t("chatComposerLabel") } },
      el("div", { className: "chat-page-choice" }, pageLabel, this.pageName),
      this.field,
      this.notice,
      el("div", { className: "chat-composer-buttons" }, this.sendButton, this.stopButton),
    );
    this.root.addEventListener("submit", (event) => {
      event.preventDefault();
      this.actions.send(this.field.value);
    });
  }

  /** Whether the next message should read the page. */
  usePage(): boolean {
    return this.usePageBox.checked && !this.usePageBox.disabled;
  }

  /** The message as typed. */
  text(): string {
    return this.field.value;
  }

  /** Replace the message box's text (a selection action, or a message given back after a refusal) and focus it. */
  setText(text: string): void {
    this.field.value = text;
    this.focus();
  }

  /** Focus the message box, caret at the end. */
  focus(): void {
    this.field.focus();
    this.field.setSelectionRange(this.field.value.length, this.field.value.length);
  }

  /** Show the state: Send or Stop, and the session's notice. */
  render(snapshot: ChatSnapshot): void {
    const generating = snapshot.state.phase === "generating";
    this.sendButton.hidden = generating;
    this.sendButton.disabled = snapshot.busy;
    this.stopButton.hidden = !generating;
    this.showNotice(snapshot.notice);
  }

  /** Name the page "Use this page" would read, or say why there is none. */
  showPage(page: PageAvailability): void {
    this.usePageBox.disabled = page.kind === "none";
    if (page.kind === "readable") this.pageName.textContent = page.tab.title || page.tab.url;
    else if (page.kind === "pdf") this.pageName.textContent = this.t("chatPagePdfName", [page.tab.title || page.tab.url]);
    else this.pageName.textContent = this.t("chatPageNone");
  }

  private showNotice(notice: Notice | null): void {
    let text = "";
    if (notice?.kind === "error") text = notice.error.message;
    else if (notice?.kind === "changed-elsewhere") text = this.t("chatChangedElsewhere");
    else if (notice?.kind === "busy-elsewhere") text = this.t("chatBusyElsewhere");
    this.notice.textContent = text;
    this.notice.hidden = text === "";
    this.notice.classList.toggle("error", notice?.kind === "error");
  }
}
