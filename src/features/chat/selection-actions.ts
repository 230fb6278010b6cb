/**
 * The context-menu actions on a selection ("Explain", "Rewrite", "Ask about this") as a pending action: the background
 * stores one when the user clicks, the sidebar's chat takes it when it mounts (or at once, if open) and either sends it
 * or puts it in the message box. Pure: validation and the message text; storage lives in selection-inbox.ts.
 */
import * as v from "valibot";

export const SELECTION_ACTIONS = ["explain", "rewrite", "ask"] as const;
export type SelectionAction = (typeof SELECTION_ACTIONS)[number];

/** One click on a selection action, waiting for the chat in that window to take it. */
export interface PendingAction {
  id: string;
  action: SelectionAction;
  text: string;
  /** The window the click happened in; only that window's chat takes it. */
  windowId: number | null;
  createdAt: number;
}

/** An action older than this was never taken (the sidebar failed to open) and would surprise the user later. */
export const PENDING_ACTION_TTL_MS = 2 * 60_000;
/** Longest selection carried; the chat's budget says kindly when even this is more than the model can read. */
export const MAX_SELECTION_CHARS = 200_000;

const pendingSchema = v.strictObject({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  action: v.picklist(SELECTION_ACTIONS),
  text: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_SELECTION_CHARS)),
  windowId: v.nullable(v.pipe(v.number(), v.integer())),
  createdAt: v.pipe(v.number(), v.finite()),
});

/** The pending action for a click, or null when nothing usable was selected. */
export function pendingActionFor(
  action: SelectionAction,
  selection: string | undefined,
  windowId: number | null,
  now: number,
  id: string,
): PendingAction | null {
  const text = (selection ?? "").trim().slice(0, MAX_SELECTION_CHARS);
  return text ? { id, action, text, windowId, createdAt: now } : null;
}

/** A stored value as a pending action this window's chat should take now, or null. */
export function pendingActionForWindow(value: unknown, windowId: number | null, now: number): PendingAction | null {
  const parsed = v.safeParse(pendingSchema, value);
  if (!parsed.success) return null;
  const pending = parsed.output;
  if (now - pending.createdAt > PENDING_ACTION_TTL_MS || pending.createdAt - now > 5_000) return null;
  if (pending.windowId !== null && windowId !== null && pending.windowId !== windowId) return null;
  return pending;
}

/** The selection as a Markdown quote, so the model (and the reader) can tell it from the request around it. */
export function quoteSelection(text: string): string {
  return text
    .trim()
    .split("\n")
    .map((line) => (line.trim() ? `> ${line.trimEnd()}` : ">"))
    .join("\n");
}

/** What the chat does with an action: send `text` at once, or put it in the message box for the user to finish. */
export interface ActionMessage {
  send: boolean;
  text: string;
}

/** The message for an action, with localized lead-ins ("Explain this in simple words:"). */
export function actionMessage(pending: Pick<PendingAction, "action" | "text">, leadIn: Record<SelectionAction, string>): ActionMessage {
  const text = `${leadIn[pending.action]}\n\n${quoteSelection(pending.text)}`;
  return pending.action === "ask" ? { send: false, text: `${text}\n\n` } : { send: true, text };
}
