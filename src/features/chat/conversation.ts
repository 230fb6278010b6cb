/**
 * The state of one conversation, as a union keyed by phase, and the pure transitions between phases. The sidebar
 * renders from the state and persists its messages; nothing here talks to the engine or storage.
 *
 *   idle/stopped/error --send, regenerate, editAndResend--> generating --chunk--> generating
 *   generating --finish--> idle    --stop--> stopped    --fail--> error
 *
 * Every generation carries the caller's request id, so chunks of a request that was stopped or replaced are ignored.
 */

import type { ChatMessage } from "../../engine/engine";
import type { EncodedError } from "../../shared/protocol/errors";
import { ValidationError } from "../../shared/protocol/errors";

/** How an answer ended. User messages are always "complete". */
export type MessageStatus = "complete" | "stopped" | "error";

export interface ConversationMessage {
  role: "user" | "assistant";
  content: string;
  status: MessageStatus;
}

type Messages = readonly ConversationMessage[];

export type ConversationState =
  | { phase: "idle"; messages: Messages }
  /** `messages` ends with the user message being answered; `answer` is the text streamed so far. */
  | { phase: "generating"; messages: Messages; requestId: string; answer: string }
  /** The user stopped the answer; the partial answer is the last message, marked "stopped". */
  | { phase: "stopped"; messages: Messages }
  /** The answer failed; the partial answer (maybe empty) is the last message, marked "error". Regenerate retries. */
  | { phase: "error"; messages: Messages; error: EncodedError };

/** A message as the UI shows it: stored messages, plus the answer being streamed while generating. */
export interface VisibleMessage {
  role: "user" | "assistant";
  content: string;
  status: MessageStatus | "streaming";
}

/** A conversation that starts empty, or continues from stored messages. */
export function startConversation(messages: Messages = []): ConversationState {
  return { phase: "idle", messages };
}

type Settled = Exclude<ConversationState, { phase: "generating" }>;

function assertNotGenerating(state: ConversationState): asserts state is Settled {
  if (state.phase === "generating") throw new ValidationError("Wait for the answer to finish, or stop it first.");
}

function userMessage(text: string): ConversationMessage {
  if (!text.trim()) throw new ValidationError("Type a message first.");
  return { role: "user", content: text, status: "complete" };
}

function generating(messages: Messages, requestId: string): ConversationState {
  return { phase: "generating", messages, requestId, answer: "" };
}

/** Send a new user message and start generating its answer. */
export function send(state: ConversationState, text: string, requestId: string): ConversationState {
  assertNotGenerating(state);
  return generating([...state.messages, userMessage(text)], requestId);
}

/** Append a streamed piece of the answer; pieces of any other request are ignored. */
export function receiveChunk(state: ConversationState, requestId: string, text: string): ConversationState {
  if (state.phase !== "generating" || state.requestId !== requestId || text === "") return state;
  return { ...state, answer: state.answer + text };
}

function withAnswer(state: Extract<ConversationState, { phase: "generating" }>, status: MessageStatus): Messages {
  return [...state.messages, { role: "assistant", content: state.answer, status }];
}

/** The answer ended normally. */
export function finish(state: ConversationState, requestId: string): ConversationState {
  if (state.phase !== "generating" || state.requestId !== requestId) return state;
  return { phase: "idle", messages: withAnswer(state, "complete") };
}

/** The user stopped the answer: keep what was written, marked as stopped. */
export function stop(state: ConversationState): ConversationState {
  if (state.phase !== "generating") return state;
  return { phase: "stopped", messages: withAnswer(state, "stopped") };
}

/** The answer failed: keep what was written, marked as failed, and allow a retry. An abort counts as a stop. */
export function fail(state: ConversationState, requestId: string, error: EncodedError): ConversationState {
  if (state.phase !== "generating" || state.requestId !== requestId) return state;
  if (error.name === "AbortedError") return stop(state);
  return { phase: "error", messages: withAnswer(state, "error"), error: { name: error.name, message: error.message } };
}

/** Generate the last answer again (also the retry after an error): the old answer is replaced. */
export function regenerate(state: ConversationState, requestId: string): ConversationState {
  assertNotGenerating(state);
  const messages = state.messages.at(-1)?.role === "assistant" ? state.messages.slice(0, -1) : state.messages;
  if (messages.at(-1)?.role !== "user") throw new ValidationError("There is no question to answer again.");
  return generating(messages, requestId);
}

/** Replace the last user message with `text`, drop everything after it, and answer it afresh. */
export function editAndResend(state: ConversationState, text: string, requestId: string): ConversationState {
  assertNotGenerating(state);
  const index = state.messages.findLastIndex((message) => message.role === "user");
  if (index < 0) throw new ValidationError("There is no message to edit.");
  return generating([...state.messages.slice(0, index), userMessage(text)], requestId);
}

/** What the UI shows, including the answer being streamed. */
export function visibleMessages(state: ConversationState): VisibleMessage[] {
  const shown: VisibleMessage[] = [...state.messages];
  if (state.phase === "generating") shown.push({ role: "assistant", content: state.answer, status: "streaming" });
  return shown;
}

/**
 * What to send for the generation in progress: earlier exchanges and the message being answered. Exchanges whose
 * answer failed or is empty are left out whole, so user and assistant still alternate (some chat templates insist).
 */
export function promptParts(state: ConversationState): { history: ChatMessage[]; message: string } {
  if (state.phase !== "generating") throw new ValidationError("Nothing is being generated.");
  const earlier = state.messages.slice(0, -1);
  const history: ChatMessage[] = [];
  for (let i = 0; i < earlier.length; i++) {
    const question = earlier[i];
    const answer = earlier[i + 1];
    if (question?.role !== "user" || answer?.role !== "assistant") continue;
    i++;
    if (answer.status === "error" || !answer.content.trim()) continue;
    history.push({ role: "user", content: question.content }, { role: "assistant", content: answer.content });
  }
  return { history, message: state.messages.at(-1)?.content ?? "" };
}
