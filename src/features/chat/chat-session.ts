/**
 * One sidebar's chat: the conversation state (conversation.ts), its stored copy (history-sync.ts), and the answer
 * streaming from the background. DOM-free: the views render snapshot() after every onChange.
 *
 * Two sidebars in two windows each write only the conversation they show, and only while holding that conversation's
 * lock; before writing, a sidebar checks the stored copy still matches what it shows, and reloads it if not.
 */
import type { ChatMessage } from "../../engine/engine";
import { encodeError, ValidationError, type EncodedError } from "../../shared/protocol/errors";
import type { StreamPayload } from "../../shared/protocol/messages";
import {
  editAndResend,
  fail,
  finish,
  promptParts,
  receiveChunk,
  regenerate,
  send,
  startConversation,
  stop,
  visibleMessages,
  type ConversationMessage,
  type ConversationState,
} from "./conversation";
import type { PageContext } from "./chat-prompt";
import type { HistoryStore, StoredConversation } from "./history-store";
import { HistoryMirror } from "./history-sync";
import type { BudgetChunk, ChatReplyChunk, CondensedText, PageDocument, PageOption } from "./protocol";

/** The page "Use this page" points at now. */
export interface PageChoice {
  tabId: number;
  url: string;
  title: string;
}

/** What "chat/reply" takes. */
export type ReplyPayload = StreamPayload<"chat/reply">;

export interface ChatSessionDeps {
  store: HistoryStore;
  reply(payload: ReplyPayload, signal: AbortSignal): AsyncIterable<ChatReplyChunk>;
  condense(text: string): Promise<CondensedText>;
  /** The page to read, or null when the window shows none. */
  pageChoice(): Promise<PageChoice | null>;
  /** Read a page's (or PDF's) text. */
  readPage(page: PageChoice, signal: AbortSignal): Promise<PageDocument>;
  /** Run `work` holding the conversation's lock across windows; "busy" when another window holds it. */
  withLock<T>(conversationId: string, work: () => Promise<T>): Promise<T | "busy">;
  /** Called after every change of the snapshot. */
  onChange(): void;
  /** The conversation this sidebar shows changed, so reopening the sidebar can show it again. */
  onConversation(id: string | null): void;
  /** Lead-in of the message that asks for a summary of a condensed text. */
  summarizeLeadIn(kept: number, total: number): string;
}

export type Notice =
  | { kind: "error"; error: EncodedError }
  | { kind: "changed-elsewhere" }
  | { kind: "busy-elsewhere" };

export interface ChatSnapshot {
  state: ConversationState;
  conversation: StoredConversation | null;
  /** The budget of the latest turn, once the background has sent it. */
  budget: BudgetChunk | null;
  /** Jobs ahead of this answer in the engine's queue; 0 once it runs. */
  queuedAhead: number;
  notice: Notice | null;
  /** True from an action until its answer starts streaming (checking history, reading the page, fitting). */
  busy: boolean;
}

/** Earlier turns as "chat/reply" takes them (conversations never hold system messages). */
function turnOf(message: ChatMessage): ReplyPayload["history"] {
  return message.role === "system" ? [] : [{ role: message.role, content: message.content }];
}

const sameMessages = (a: readonly ConversationMessage[], b: readonly ConversationMessage[]) =>
  a.length === b.length && a.every((m, i) => m.role === b[i]?.role && m.content === b[i]?.content && m.status === b[i]?.status);

export class ChatSession {
  private state: ConversationState = startConversation();
  private conversation: StoredConversation | null = null;
  private mirror: HistoryMirror | null = null;
  private budget: BudgetChunk | null = null;
  private queuedAhead = 0;
  private notice: Notice | null = null;
  private busy = false;
  private controller: AbortController | null = null;
  private pageMemory: { url: string; context: PageContext } | null = null;
  private nextRequest = 1;
  /** Settles when the action in progress (and its last write) has finished. */
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ChatSessionDeps) {}

  /** What the views render. */
  snapshot(): ChatSnapshot {
    const { state, conversation, budget, queuedAhead, notice, busy } = this;
    return { state, conversation, budget, queuedAhead, notice, busy };
  }

  /** Send a new message. */
  send(text: string, usePage: boolean): Promise<void> {
    return this.act((id) => send(this.state, text, id), usePage);
  }

  /** Answer the last question again (also Retry after a failed or stopped answer). */
  regenerate(usePage: boolean): Promise<void> {
    return this.act((id) => regenerate(this.state, id), usePage);
  }

  /** Replace the last question and answer it afresh. */
  editLast(text: string, usePage: boolean): Promise<void> {
    return this.act((id) => editAndResend(this.state, text, id), usePage);
  }

  /** The last question was too long: keep its key sentences and ask for a summary of them instead. */
  async summarizeFirst(usePage: boolean): Promise<void> {
    const question = this.state.messages.findLast((message) => message.role === "user");
    if (!question || this.busy || this.state.phase === "generating") return;
    this.setBusy(true);
    let condensed: CondensedText;
    try {
      condensed = await this.deps.condense(question.content);
    } catch (error) {
      this.notice = { kind: "error", error: encodeError(error) };
      this.setBusy(false);
      return;
    }
    this.setBusy(false);
    const text = `${this.deps.summarizeLeadIn(condensed.sentencesKept, condensed.sentencesTotal)}\n\n${condensed.text}`;
    await this.editLast(text, usePage);
  }

  /** Stop the answer; what was written stays, marked as stopped. */
  stop(): void {
    if (this.state.phase !== "generating") return;
    this.controller?.abort();
    this.state = stop(this.state);
    this.deps.onChange();
  }

  /** Forget the page read earlier, so the next question reads it again. */
  forgetPage(): void {
    this.pageMemory = null;
  }

  /** Show a stored conversation. */
  async open(conversationId: string): Promise<boolean> {
    await this.settle();
    return this.load(conversationId);
  }

  /** Start an empty conversation; it is stored once its first message is sent. */
  async newChat(): Promise<void> {
    await this.settle();
    this.clear();
  }

  /** The conversation was renamed or deleted in the history list. */
  async conversationChanged(): Promise<void> {
    if (!this.conversation) return;
    const stored = await this.deps.store.get(this.conversation.id);
    if (!stored) await this.newChat();
    else {
      this.conversation = stored.conversation;
      this.deps.onChange();
    }
  }

  /** The sidebar got focus: if another window changed this conversation meanwhile, show the stored version. */
  async refresh(): Promise<void> {
    if (this.busy || this.state.phase === "generating") return;
    if (!(await this.isFresh())) await this.reloadChanged();
  }

  /** Show `error` in the notice line: for what the sidebar does around the session (history, the page beside it). */
  reportError(error: unknown): void {
    this.notice = { kind: "error", error: encodeError(error) };
    this.deps.onChange();
  }

  /** Stop any answer and wait until it is stored, so nothing of it lands in the conversation shown next. */
  private async settle(): Promise<void> {
    this.stop();
    await this.running;
  }

  private async load(conversationId: string): Promise<boolean> {
    const stored = await this.deps.store.get(conversationId);
    if (!stored) return false;
    const messages = stored.messages.map(({ role, content, status }) => ({ role, content, status }));
    this.reset(startConversation(messages), stored.conversation);
    this.mirror = new HistoryMirror(this.deps.store, conversationId, messages, (error) => this.storageFailed(error));
    this.deps.onConversation(conversationId);
    this.deps.onChange();
    return true;
  }

  private clear(): void {
    this.reset(startConversation(), null);
    this.mirror = null;
    this.deps.onConversation(null);
    this.deps.onChange();
  }

  private reset(state: ConversationState, conversation: StoredConversation | null): void {
    this.state = state;
    this.conversation = conversation;
    this.budget = null;
    this.notice = null;
    this.pageMemory = null;
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.deps.onChange();
  }

  private storageFailed(error: unknown): void {
    this.notice = { kind: "error", error: encodeError(error) };
    this.deps.onChange();
  }

  /** True when the stored conversation is what this sidebar last wrote or read. */
  private async isFresh(): Promise<boolean> {
    if (!this.mirror) return true;
    await this.mirror.flush();
    const stored = await this.deps.store.get(this.mirror.conversationId);
    return stored !== undefined && sameMessages(stored.messages, this.mirror.messages());
  }

  private async reloadChanged(): Promise<void> {
    const id = this.mirror?.conversationId;
    if (!id || !(await this.load(id))) this.clear();
    this.notice = { kind: "changed-elsewhere" };
    this.deps.onChange();
  }

  private async act(transition: (requestId: string) => ConversationState, usePage: boolean): Promise<void> {
    if (this.busy || this.state.phase === "generating") return;
    let next: ConversationState;
    try {
      next = transition(`r${this.nextRequest++}`);
    } catch (error) {
      this.notice = { kind: "error", error: encodeError(error) };
      this.deps.onChange();
      return;
    }
    this.notice = null;
    this.setBusy(true);
    const previous = this.running;
    const run = (async () => {
      // A stopped answer may still be writing its last words and holding the lock.
      await previous;
      if (!(await this.isFresh())) return await this.reloadChanged();
      const mirror = this.mirror ?? (await this.startStoring(usePage));
      const result = await this.deps.withLock(mirror.conversationId, () => this.generate(next, mirror, usePage));
      if (result === "busy") this.notice = { kind: "busy-elsewhere" };
    })();
    this.running = run.catch(() => {});
    try {
      await run;
    } catch (error) {
      this.notice = { kind: "error", error: encodeError(error) };
    } finally {
      this.setBusy(false);
    }
  }

  private async startStoring(usePage: boolean): Promise<HistoryMirror> {
    const page = usePage ? await this.deps.pageChoice() : null;
    this.conversation = await this.deps.store.create(page ? { page: { url: page.url, title: page.title } } : {});
    this.mirror = new HistoryMirror(this.deps.store, this.conversation.id, [], (error) => this.storageFailed(error));
    this.deps.onConversation(this.conversation.id);
    return this.mirror;
  }

  /** The page for this turn: the passages read for an earlier turn on the same page, else the page read now. */
  private async pageOption(signal: AbortSignal): Promise<{ option: PageOption; url: string }> {
    const page = await this.deps.pageChoice();
    if (!page) throw new ValidationError("There is no web page in this window to read.");
    const remembered = this.pageMemory?.url === page.url ? this.pageMemory.context : null;
    const option: PageOption = remembered
      ? { kind: "reuse", context: { ...remembered, passages: [...remembered.passages] } }
      : { kind: "document", document: await this.deps.readPage(page, signal) };
    return { option, url: page.url };
  }

  private async generate(next: ConversationState, mirror: HistoryMirror, usePage: boolean): Promise<void> {
    if (next.phase !== "generating") return;
    const requestId = next.requestId;
    this.state = next;
    this.budget = null;
    this.deps.onChange();
    await mirror.save(visibleMessages(this.state));
    const controller = new AbortController();
    this.controller = controller;
    try {
      const page = usePage ? await this.pageOption(controller.signal) : null;
      const parts = promptParts(this.state);
      const payload: ReplyPayload = { history: parts.history.flatMap(turnOf), message: parts.message, ...(page && { page: page.option }) };
      for await (const chunk of this.deps.reply(payload, controller.signal)) {
        if (chunk.kind === "budget") {
          this.budget = chunk;
          if (page && chunk.page) this.pageMemory = { url: page.url, context: chunk.page };
          this.setBusy(false);
        } else if (chunk.kind === "queued") this.queuedAhead = chunk.position;
        else if (chunk.kind === "started") this.queuedAhead = 0;
        else if (chunk.kind === "text") {
          this.state = receiveChunk(this.state, requestId, chunk.text);
          mirror.saveStreaming(visibleMessages(this.state));
        }
        this.deps.onChange();
      }
      this.state = finish(this.state, requestId);
    } catch (error) {
      // A stop has already settled the state; fail() ignores a request that is no longer generating.
      this.state = fail(this.state, requestId, encodeError(error));
    } finally {
      this.controller = null;
      this.queuedAhead = 0;
    }
    this.deps.onChange();
    await mirror.save(visibleMessages(this.state));
    // The store titles a conversation from its first message and dates every change; show its record as it is now.
    const record = (await this.deps.store.get(mirror.conversationId))?.conversation;
    if (record && this.mirror === mirror) this.conversation = record;
    this.deps.onChange();
  }
}
