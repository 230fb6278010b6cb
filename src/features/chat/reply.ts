/**
 * The background's side of "chat/reply": pick the page's passages for the question if a page came along, fit the
 * conversation into the model's context by the engine's token count, say what fits (the budget chunk, with the wait
 * for the first words), then stream the engine host's answer. Browser-free: the engine host comes in as a dependency.
 */
import type { ChatMessage, EngineInfo } from "../../engine/engine";
import type { EngineHost } from "../../engine/host/engine-host";
import { AbortedError, ModelNotLoadedError, ValidationError } from "../../shared/protocol/errors";
import { fitConversation, type TokenCounter } from "./budget";
import { assemblePrompt, formatPassage, pageOverheadText, type PageContext } from "./chat-prompt";
import { engineTokenCounter } from "./engine-counter";
import type { ReadSpeedTracker } from "./first-answer";
import { hasReadableText, pageContextFor } from "./page-context";
import type { ChatReplyChunk, PageDocument, PageOption } from "./protocol";

/** What Hearth tells the model about itself. Short: on small models every token of it costs reading time. */
export const SYSTEM_PROMPT =
  "You are Hearth, an assistant running on the user's own device. Answer clearly and briefly, in the language of " +
  "the user's message. Use Markdown when it helps.";

/** Sampling for chat: some variety, so Regenerate gives a different answer. */
const TEMPERATURE = 0.7;
/** The page's share of the room left after the system prompt, the message and the answer. fitConversation gives the
 * earlier turns up to half before the page, so a page within this share stays whole (and cached) on follow-ups. */
const PAGE_SHARE = 0.45;

export interface ReplyRequest {
  history: ChatMessage[];
  message: string;
  page?: PageOption;
}

export interface ReplyDeps {
  host: Pick<EngineHost, "generate" | "countTokens" | "contextSize" | "info">;
  speed: ReadSpeedTracker;
}

/** Tokens kept for the answer: a quarter of the context, at least 16, at most 1,024. */
export function answerRoom(contextSize: number): number {
  return Math.max(16, Math.min(1024, Math.floor(contextSize / 4)));
}

async function pageFromDocument(
  document: PageDocument,
  request: ReplyRequest,
  room: { contextSize: number; answerTokens: number },
  counter: TokenCounter,
  signal: AbortSignal,
): Promise<PageContext> {
  if (!hasReadableText(document.blocks)) throw new ValidationError("This page has no text Hearth can read.");
  const bare = assemblePrompt({ systemPrompt: SYSTEM_PROMPT, history: [], message: request.message });
  const [fixed, frame] = await Promise.all([
    counter.countChatTokens(bare),
    counter.countTokens(pageOverheadText(document)),
  ]);
  const free = room.contextSize - room.answerTokens - fixed - frame;
  return pageContextFor(document, request.message, {
    budget: Math.floor(free * PAGE_SHARE),
    countTokens: counter.countTokens,
    signal,
  });
}

/** The passages the prompt really holds (the budget may have cut some), for reuse by the next turn. */
function pageAsSent(page: PageContext | undefined, messages: readonly ChatMessage[]): PageContext | null {
  if (!page) return null;
  const firstUser = messages.find((message) => message.role === "user")?.content ?? "";
  return { ...page, passages: page.passages.filter((passage) => firstUser.includes(formatPassage(passage))) };
}

/** Stream the answer to `request`: a budget chunk first, then the engine host's chunks. */
export async function* chatReply(request: ReplyRequest, deps: ReplyDeps, signal: AbortSignal): AsyncGenerator<ChatReplyChunk> {
  if (!request.message.trim()) throw new ValidationError("Type a message first.");
  const { host, speed } = deps;
  const contextSize = await host.contextSize(signal);
  const info: Pick<EngineInfo, "modelId" | "device"> = host.info() ?? { modelId: "", device: "cpu" };
  const answerTokens = answerRoom(contextSize);
  const counter = engineTokenCounter((text) => host.countTokens(text, signal));

  let page: PageContext | undefined;
  if (request.page?.kind === "document") {
    page = await pageFromDocument(request.page.document, request, { contextSize, answerTokens }, counter, signal);
  } else if (request.page?.kind === "reuse") {
    page = request.page.context;
  }
  const { messages, report } = await fitConversation(
    { contextSize, answerTokens, systemPrompt: SYSTEM_PROMPT, history: request.history, message: request.message, ...(page && { page }) },
    counter,
  );
  const cached = speed.cachedMessages(info.modelId, messages);
  const cachedTokens = cached.length > 0 ? await counter.countChatTokens(cached) : 0;
  const estimate = speed.estimate(info, report.promptTokens, cachedTokens);
  yield { kind: "budget", report, page: pageAsSent(page, messages), estimate };

  speed.sent(info.modelId, messages);
  try {
    const generation = host.generate(
      { messages, maxTokens: answerTokens, temperature: TEMPERATURE, ownerTabId: null, priority: "interactive" },
      signal,
    );
    for await (const chunk of generation) {
      if (chunk.kind === "done") speed.learn(info.modelId, chunk.stats, estimate.tokensToRead);
      yield chunk;
    }
  } catch (error) {
    // The host reports an engine that went away mid-answer (unloaded, replaced) as a stop; only the user stops.
    if (error instanceof AbortedError && !signal.aborted) {
      throw new ModelNotLoadedError("The model was unloaded before the answer was finished. Retry to load it again.");
    }
    throw error;
  }
}
