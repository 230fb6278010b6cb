/**
 * Keep a conversation's stored messages equal to what the sidebar shows, with the fewest writes: the state machine in
 * conversation.ts says what the messages are; this works out what changed (an answer grew, a regenerate dropped the
 * last answer, an edit replaced a question) and writes just that. While an answer streams, writes are throttled.
 */
import type { ConversationMessage, VisibleMessage } from "./conversation";
import type { HistoryStore } from "./history-store";
import { throttle, type Throttled } from "./throttle";

/** How often a streaming answer is saved; closing the sidebar mid-answer loses at most this much of it. */
export const STREAM_SAVE_INTERVAL_MS = 750;

/** The writes that turn `stored` into `target`. */
export interface SyncPlan {
  /** Keep only this many stored messages first, or null to keep them all. */
  truncateTo: number | null;
  /** Change the last stored message (after any truncation) to this. */
  updateLast: ConversationMessage | null;
  append: ConversationMessage[];
}

const same = (a: ConversationMessage | undefined, b: ConversationMessage | undefined) =>
  a?.role === b?.role && a?.content === b?.content && a?.status === b?.status;

/** An answer still streaming is stored as stopped: if the sidebar closes now, that is what it will have been. */
export function storedForm(message: VisibleMessage): ConversationMessage {
  return { role: message.role, content: message.content, status: message.status === "streaming" ? "stopped" : message.status };
}

/** The fewest writes from `stored` to `target`. */
export function planSync(stored: readonly ConversationMessage[], target: readonly ConversationMessage[]): SyncPlan {
  let common = 0;
  while (common < stored.length && common < target.length && same(stored[common], target[common])) common++;
  // Only the last message differs, and is the same speaker: update it in place (a growing or finished answer).
  const lastChanged =
    common === stored.length - 1 && common === target.length - 1 && stored[common]?.role === target[common]?.role;
  if (lastChanged) return { truncateTo: null, updateLast: target[common] ?? null, append: [] };
  return { truncateTo: common < stored.length ? common : null, updateLast: null, append: target.slice(common) };
}

/** Mirrors one conversation's messages into the history store. Writes run one after another, in order. */
export class HistoryMirror {
  private stored: ConversationMessage[];
  private queue: Promise<void> = Promise.resolve();
  private readonly streaming: Throttled<[ConversationMessage[]]>;

  constructor(
    private readonly store: HistoryStore,
    readonly conversationId: string,
    stored: readonly ConversationMessage[],
    private readonly onError: (error: unknown) => void,
  ) {
    this.stored = [...stored];
    this.streaming = throttle((target) => this.write(target), STREAM_SAVE_INTERVAL_MS);
  }

  /** What this mirror last wrote (or loaded). */
  messages(): readonly ConversationMessage[] {
    return this.stored;
  }

  /** Save `target` now (a settled state), after any throttled write still pending. */
  async save(target: readonly VisibleMessage[]): Promise<void> {
    this.streaming.cancel();
    // A throttled write already started must land before this one, or it would overwrite it with an older state.
    await this.streaming.flush();
    await this.write(target.map(storedForm));
  }

  /** Save a streaming state, at most once per interval. */
  saveStreaming(target: readonly VisibleMessage[]): void {
    this.streaming(target.map(storedForm));
  }

  /** Wait for every write asked for so far. */
  async flush(): Promise<void> {
    await this.streaming.flush();
    await this.queue;
  }

  private write(target: ConversationMessage[]): Promise<void> {
    this.queue = this.queue.then(() => this.apply(target)).catch(this.onError);
    return this.queue;
  }

  private async apply(target: ConversationMessage[]): Promise<void> {
    const plan = planSync(this.stored, target);
    const id = this.conversationId;
    if (plan.truncateTo !== null) {
      await this.store.truncate(id, plan.truncateTo);
      this.stored = this.stored.slice(0, plan.truncateTo);
    }
    if (plan.updateLast) {
      await this.store.updateLast(id, { content: plan.updateLast.content, status: plan.updateLast.status });
      this.stored = [...this.stored.slice(0, -1), plan.updateLast];
    }
    for (const message of plan.append) {
      await this.store.append(id, message);
      this.stored.push(message);
    }
  }
}
