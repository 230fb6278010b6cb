/**
 * Fit a chat turn into the model's context, counted by the engine's own tokenizer: the system prompt, the new message
 * and room for the answer always; then the newest earlier turns and the best page passages in what is left. Oldest
 * turns go first, the new message never; the page is cut at passage boundaries, lowest-scored passage first.
 *
 * Costs of the pieces are estimated one by one (conservatively, each with its own template overhead), then the
 * assembled prompt is counted exactly and trimmed further if the estimate was short.
 */

import type { ChatMessage } from "../../engine/engine";
import { ContextOverflowError, ValidationError } from "../../shared/protocol/errors";
import { assemblePrompt, formatPassage, pageOverheadText, type PageContext, type PagePassage } from "./chat-prompt";

/** The engine's token counts; in the sidebar these go to the background over the protocol. */
export interface TokenCounter {
  countTokens(text: string): Promise<number>;
  countChatTokens(messages: ChatMessage[]): Promise<number>;
}

export interface BudgetInput {
  contextSize: number;
  /** Tokens kept free for the answer. */
  answerTokens: number;
  systemPrompt: string;
  /** Earlier user and assistant messages, oldest first, without the new message. */
  history: readonly ChatMessage[];
  message: string;
  /** Passages of the page, already chosen and scored upstream. */
  page?: PageContext;
  /** Share of the free space earlier turns may take before the page has had its turn (default 0.5). */
  historyShare?: number;
}

/** What was kept and cut, for the status line under the chat box. */
export interface BudgetReport {
  contextSize: number;
  answerTokens: number;
  /** Exact prompt size by the engine's count. */
  promptTokens: number;
  turnsKept: number;
  turnsDropped: number;
  /** Null when no page was offered. */
  page: { passagesKept: number; passagesTotal: number; cutAfter: string | null } | null;
}

export interface FittedConversation {
  messages: ChatMessage[];
  report: BudgetReport;
}

/** One user message and the answers that followed it; turns are kept or dropped whole. */
type Turn = readonly ChatMessage[];

function groupTurns(history: readonly ChatMessage[]): Turn[] {
  const turns: ChatMessage[][] = [];
  for (const message of history) {
    if (message.role === "system") throw new ValidationError("Chat history may only hold user and assistant messages.");
    const current = turns.at(-1);
    if (message.role === "user" || !current) turns.push([message]);
    else current.push(message);
  }
  return turns;
}

function validate(input: BudgetInput): void {
  if (!input.message.trim()) throw new ValidationError("Type a message first.");
  if (!Number.isInteger(input.contextSize) || input.contextSize <= 0) {
    throw new ValidationError("The context size must be a positive whole number of tokens.");
  }
  if (!Number.isInteger(input.answerTokens) || input.answerTokens < 0 || input.answerTokens >= input.contextSize) {
    throw new ValidationError("The room kept for the answer must be smaller than the context.");
  }
}

function overflow(messageTokens: number, room: number): ContextOverflowError {
  const n = (value: number) => `${value.toLocaleString("en-US")} ${value === 1 ? "token" : "tokens"}`;
  return new ContextOverflowError(
    `Your message is about ${n(messageTokens)}, but this model can read at most ${n(Math.max(room, 0))} ` +
      "with room for its answer. Summarize it first, then ask about the summary, or shorten it.",
  );
}

/** Keep the newest turns, contiguously, while they fit in `room`; returns how many and what they cost. */
function takeNewestTurns(costs: readonly number[], already: number, room: number): { count: number; used: number } {
  let count = already;
  let used = 0;
  for (let i = costs.length - 1 - already; i >= 0; i--) {
    const cost = costs[i] ?? 0;
    if (used + cost > room) break;
    used += cost;
    count++;
  }
  return { count, used };
}

/** Fit a chat turn into the context; ValidationError for an empty message, ContextOverflowError if it cannot fit. */
export async function fitConversation(input: BudgetInput, counter: TokenCounter): Promise<FittedConversation> {
  validate(input);
  const turns = groupTurns(input.history);
  const passages = input.page?.passages ?? [];
  const withPage = passages.length > 0;

  const [fixed, messageTokens, turnCosts, passageCosts, frameCost] = await Promise.all([
    counter.countChatTokens(assemblePrompt({ systemPrompt: input.systemPrompt, history: [], message: input.message })),
    counter.countTokens(input.message),
    Promise.all(turns.map((turn) => counter.countChatTokens([...turn]))),
    Promise.all(passages.map((passage) => counter.countTokens(formatPassage(passage)))),
    input.page && withPage ? counter.countTokens(pageOverheadText(input.page)) : Promise.resolve(0),
  ]);

  const free = input.contextSize - input.answerTokens - fixed;
  if (free < 0) throw overflow(messageTokens, input.contextSize - input.answerTokens - (fixed - messageTokens));

  // Earlier turns first get a share, so a long page cannot push out the whole conversation, nor a long chat the page.
  const share = withPage ? Math.min(Math.max(input.historyShare ?? 0.5, 0), 1) : 1;
  let history = takeNewestTurns(turnCosts, 0, Math.floor(free * share));
  const keptPassages = pickPassages(passages, passageCosts, free - history.used - frameCost);
  const pageUsed = keptPassages.size > 0 ? frameCost + sum(passageCosts, keptPassages) : 0;
  const more = takeNewestTurns(turnCosts, history.count, free - history.used - pageUsed);
  history = { count: more.count, used: history.used + more.used };

  // The estimate is per piece; the real count of the whole prompt decides. Trim until it agrees.
  let turnsKept = history.count;
  const byScore = [...keptPassages].sort((a, b) => (passages[a]?.score ?? 0) - (passages[b]?.score ?? 0));
  for (;;) {
    const messages = build(input, turns, turnsKept, passages, keptPassages);
    const promptTokens = await counter.countChatTokens(messages);
    if (promptTokens + input.answerTokens <= input.contextSize) {
      return { messages, report: report(input, turns.length, turnsKept, passages, keptPassages, promptTokens) };
    }
    if (turnsKept > 0) turnsKept--;
    else if (byScore.length > 0) keptPassages.delete(byScore.shift() ?? -1);
    else throw overflow(messageTokens, input.contextSize - input.answerTokens - (promptTokens - messageTokens));
  }
}

/** Highest score first; a passage too big for what is left is skipped so smaller ones after it can still fit. */
function pickPassages(passages: readonly PagePassage[], costs: readonly number[], room: number): Set<number> {
  const kept = new Set<number>();
  const order = passages.map((_, i) => i).sort((a, b) => (passages[b]?.score ?? 0) - (passages[a]?.score ?? 0));
  let used = 0;
  for (const i of order) {
    const cost = costs[i] ?? 0;
    if (used + cost > room) continue;
    used += cost;
    kept.add(i);
  }
  return kept;
}

function sum(costs: readonly number[], indexes: Set<number>): number {
  let total = 0;
  for (const i of indexes) total += costs[i] ?? 0;
  return total;
}

function build(
  input: BudgetInput,
  turns: readonly Turn[],
  turnsKept: number,
  passages: readonly PagePassage[],
  kept: Set<number>,
): ChatMessage[] {
  const history = turns.slice(turns.length - turnsKept).flat();
  const page =
    input.page && kept.size > 0 ? { ...input.page, passages: passages.filter((_, i) => kept.has(i)) } : undefined;
  return assemblePrompt({ systemPrompt: input.systemPrompt, history, message: input.message, ...(page && { page }) });
}

function report(
  input: BudgetInput,
  turnsTotal: number,
  turnsKept: number,
  passages: readonly PagePassage[],
  kept: Set<number>,
  promptTokens: number,
): BudgetReport {
  return {
    contextSize: input.contextSize,
    answerTokens: input.answerTokens,
    promptTokens,
    turnsKept,
    turnsDropped: turnsTotal - turnsKept,
    page: input.page
      ? { passagesKept: kept.size, passagesTotal: passages.length, cutAfter: cutAfter(passages, kept) }
      : null,
  };
}

/** When what was kept is the start of the page, the last kept passage's section (or number); otherwise null. */
function cutAfter(passages: readonly PagePassage[], kept: Set<number>): string | null {
  if (kept.size === 0 || kept.size === passages.length) return null;
  const inPageOrder = passages
    .map((passage, i) => ({ passage, kept: kept.has(i) }))
    .sort((a, b) => a.passage.number - b.passage.number);
  const firstDropped = inPageOrder.findIndex((entry) => !entry.kept);
  if (inPageOrder.slice(firstDropped).some((entry) => entry.kept)) return null;
  const last = inPageOrder[firstDropped - 1]?.passage;
  if (!last) return null;
  return last.section ? last.section : `passage ${last.number}`;
}

/** The report in one line for the UI, e.g. "using 3,200 of 4,096 tokens; page cut after Results". */
export function describeBudget(report: BudgetReport, locale = "en-US"): string {
  const n = (value: number) => value.toLocaleString(locale);
  const parts = [`using ${n(report.promptTokens)} of ${n(report.contextSize)} tokens`];
  const page = report.page;
  // A page offered without a single passage had no room left for even one (an empty page is refused earlier).
  if (page) {
    if (page.passagesKept === 0) parts.push("page left out: no room");
    else if (page.passagesKept === page.passagesTotal) parts.push("whole page included");
    else if (page.cutAfter !== null) parts.push(`page cut after ${page.cutAfter}`);
    else parts.push(`${page.passagesKept} of ${page.passagesTotal} page passages`);
  }
  if (report.turnsDropped > 0) {
    parts.push(`${report.turnsDropped} earlier ${report.turnsDropped === 1 ? "exchange" : "exchanges"} left out`);
  }
  return parts.join("; ");
}
