/**
 * The conversation as a list of messages: answers as sanitized Markdown that streams in place (MarkdownStream redoes
 * only the block that changed, so a reader's selection in earlier paragraphs survives), questions as plain text, and
 * per message Copy, Edit (the last question), Regenerate or Retry (the last answer) and what to do about a failure.
 */
import { MarkdownStream, renderText } from "../../shared/ui/markdown";
import type { EncodedError } from "../../shared/protocol/errors";
import type { Translate } from "./budget-line";
import { el } from "../../shared/ui/dom";
import { button, isSendKey } from "./chat-dom";
import type { ChatSnapshot } from "./chat-session";
import { visibleMessages, type VisibleMessage } from "./conversation";

export interface MessageActions {
  copy(text: string): Promise<void>;
  regenerate(): void;
  editLast(text: string): void;
  summarizeFirst(): void;
  openSettings(): void;
}

interface MessageView {
  root: HTMLElement;
  body: HTMLElement;
  footer: HTMLElement;
  role: VisibleMessage["role"];
  stream: MarkdownStream | null;
  content: string | null;
  /** What the footer was last built from; rebuilt only when it changes. */
  footerKey: string;
}

/** How close to the bottom (px) still counts as "reading the end", so new text keeps it in view. */
const FOLLOW_SLACK = 48;

export class MessageList {
  private views: MessageView[] = [];
  private editing: number | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly actions: MessageActions,
    private readonly t: Translate,
  ) {}

  /** Show the snapshot's messages, changing only what changed. */
  render(snapshot: ChatSnapshot): void {
    // The sidebar page scrolls as a whole (the message box is sticky at its bottom).
    const scroller = this.root.ownerDocument.scrollingElement ?? this.root.ownerDocument.documentElement;
    const following = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < FOLLOW_SLACK;
    const messages = visibleMessages(snapshot.state);
    const settled = snapshot.state.phase !== "generating" && !snapshot.busy;
    const error = snapshot.state.phase === "error" ? snapshot.state.error : null;
    const lastUser = messages.findLastIndex((message) => message.role === "user");
    if (this.editing !== null && (this.editing !== lastUser || !settled)) this.editing = null;

    for (const view of this.views.splice(messages.length)) view.root.remove();
    messages.forEach((message, i) => {
      let view = this.views[i];
      if (!view || view.role !== message.role) {
        const fresh = this.createView(message.role);
        if (view) view.root.replaceWith(fresh.root);
        else this.root.append(fresh.root);
        this.views[i] = view = fresh;
      }
      view.root.dataset.status = message.status;
      // Screen readers announce the answer once it is complete, not word by word as it streams.
      view.root.setAttribute("aria-busy", String(message.status === "streaming"));
      if (this.editing !== i && view.content !== message.content) this.showContent(view, message.content);
      const isLast = i === messages.length - 1;
      const flags = { isLast, isLastUser: i === lastUser, settled, error: isLast ? error : null };
      const key = JSON.stringify([message.status, flags, this.editing === i]);
      if (key !== view.footerKey) {
        view.footerKey = key;
        view.footer.replaceChildren(...this.footer(message, i, flags));
      }
    });
    if (following) scroller.scrollTop = scroller.scrollHeight;
  }

  private createView(role: VisibleMessage["role"]): MessageView {
    const body = el("div", { className: "chat-message-body" });
    const footer = el("div", { className: "chat-message-footer" });
    const speaker = el("h3", { className: "visually-hidden", text: this.t(role === "user" ? "chatYou" : "chatHearth") });
    const root = el("article", { className: "chat-message", attrs: { "data-role": role } }, speaker, body, footer);
    return { root, body, footer, role, stream: role === "assistant" ? new MarkdownStream(body) : null, content: null, footerKey: "" };
  }

  private showContent(view: MessageView, content: string): void {
    if (view.stream) view.stream.update(content);
    else renderText(view.body, content);
    view.content = content;
  }

  private footer(
    message: VisibleMessage,
    index: number,
    flags: { isLast: boolean; isLastUser: boolean; settled: boolean; error: EncodedError | null },
  ): Node[] {
    const nodes: Node[] = [];
    const note = this.note(message, flags.error);
    if (note) nodes.push(el("p", { className: `chat-message-note${message.status === "error" ? " error" : ""}`, text: note }));
    if (message.status === "streaming") return nodes;
    const buttons: HTMLButtonElement[] = [this.copyButton(message.content)];
    if (message.role === "user" && flags.isLastUser && flags.settled) buttons.push(button(this.t("chatEdit"), () => this.startEdit(index)));
    if (message.role === "assistant" && flags.isLast && flags.settled) buttons.push(...this.answerButtons(message, flags.error));
    nodes.push(el("div", { className: "chat-message-actions" }, ...buttons));
    return nodes;
  }

  private note(message: VisibleMessage, error: EncodedError | null): string | null {
    if (message.status === "stopped") return this.t("chatStoppedNote");
    if (message.status !== "error") return null;
    return error ? this.t("chatFailedNote", [error.message]) : this.t("chatFailedEarlierNote");
  }

  private answerButtons(message: VisibleMessage, error: EncodedError | null): HTMLButtonElement[] {
    if (error?.name === "ContextOverflowError") {
      return [button(this.t("chatSummarizeFirst"), () => this.actions.summarizeFirst(), "primary")];
    }
    const again = message.status === "complete" ? this.t("chatRegenerate") : this.t("chatRetry");
    const buttons = [button(again, () => this.actions.regenerate(), message.status === "complete" ? "" : "primary")];
    if (error?.name === "ModelNotLoadedError") buttons.push(button(this.t("chatOpenSettings"), () => this.actions.openSettings()));
    return buttons;
  }

  private copyButton(text: string): HTMLButtonElement {
    const copy = button(this.t("chatCopy"), () => {
      void this.actions.copy(text).then(
        () => (copy.textContent = this.t("chatCopied")),
        () => (copy.textContent = this.t("chatCopyFailed")),
      );
      setTimeout(() => (copy.textContent = this.t("chatCopy")), 1500);
    });
    return copy;
  }

  private startEdit(index: number): void {
    const view = this.views[index];
    if (!view) return;
    this.editing = index;
    const original = view.content ?? "";
    const field = el("textarea", { className: "chat-edit-field", attrs: { rows: "3", "aria-label": this.t("chatEditLabel") } });
    field.value = original;
    const cancel = () => {
      this.editing = null;
      view.content = null;
      this.showContent(view, original);
      view.footerKey = "";
      view.footer.replaceChildren(...this.footer({ role: "user", content: original, status: "complete" }, index, { isLast: false, isLastUser: true, settled: true, error: null }));
    };
    const resend = () => {
      this.editing = null;
      // Whatever happens next (the new question, or the old one back after a refusal), the body is redrawn.
      view.content = null;
      view.footerKey = "";
      this.actions.editLast(field.value);
    };
    field.addEventListener("keydown", (event) => {
      if (isSendKey(event)) {
        event.preventDefault();
        resend();
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        cancel();
      }
    });
    view.body.replaceChildren(field);
    view.footerKey = "editing";
    view.footer.replaceChildren(
      el("div", { className: "chat-message-actions" }, button(this.t("chatEditSend"), resend, "primary"), button(this.t("chatEditCancel"), cancel)),
    );
    field.focus();
    field.setSelectionRange(field.value.length, field.value.length);
  }
}
