/**
 * The TokenCounter the chat budget uses in the background, built on the engine host's text count.
 *
 * The host counts plain text only. A chat count from the engine itself would be exact, but wllama gets it by reading
 * the whole prompt (a full prefill, seconds to minutes on a CPU) and fitConversation counts every earlier turn on its
 * own, which would also evict the previous turn's prompt from llama.cpp's KV cache. So a chat is counted as its
 * texts plus a chat-template allowance per message, sized on ChatML (<|im_start|>role\n ... <|im_end|>\n) with room
 * to spare for Llama 3, Gemma and Phi markers, plus a fixed margin the answer's room must never run into.
 */
import type { ChatMessage } from "../../engine/engine";
import type { TokenCounter } from "./budget";

/** Start, end and line-break markers around one message, beyond the role's own tokens. */
export const MARKERS_PER_MESSAGE = 4;
/** Kept free in every prompt for template tokens the allowance does not foresee (BOS, system defaults). */
export const TEMPLATE_MARGIN = 16;

/** Count texts with `countText` (each distinct text once per counter) and chats as texts plus template allowances. */
export function engineTokenCounter(countText: (text: string) => Promise<number>): TokenCounter {
  const memo = new Map<string, Promise<number>>();
  const countTokens = (text: string): Promise<number> => {
    if (text === "") return Promise.resolve(0);
    let counted = memo.get(text);
    if (!counted) {
      counted = countText(text);
      memo.set(text, counted);
    }
    return counted;
  };
  const header = (role: ChatMessage["role"]) => countTokens(`${role}\n`);
  return {
    countTokens,
    async countChatTokens(messages) {
      const costs = await Promise.all(
        messages.map(async (m) => (await countTokens(m.content)) + (await header(m.role)) + MARKERS_PER_MESSAGE),
      );
      // The generation prompt opens the assistant's turn.
      const opening = (await header("assistant")) + 1;
      return costs.reduce((sum, cost) => sum + cost, 0) + opening + TEMPLATE_MARGIN;
    },
  };
}
