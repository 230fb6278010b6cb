/**
 * Token counting with wllama 3.13, which dropped its tokenize() API.
 *
 * llama-server checks a prompt's length before it evaluates anything, and refuses one longer than the context with
 * "request (N tokens) exceeds the available context size". Raw prompts are tokenized with special tokens parsed, and a
 * special token never merges with its neighbours. So text is counted by sending it behind contextSize+1 copies of one
 * special token's text: the refusal's N, minus the filler (and BOS), is the text's count, with nothing decoded.
 * The filler is found once per model among the chat template's markers and common end tokens, and kept only if a probe
 * shows each copy is exactly one token. (wllama only accepts a string prompt, so a filler of token ids is impossible:
 * an array prompt crashes its request with "type must be string, but is array".)
 * Without such a token the text is evaluated instead (correct, slower).
 *
 * A chat cannot be padded that way (the template renders it), so chat counts evaluate the prompt with a one-token
 * completion; llama-server keeps that prompt in its cache, so the generate() that usually follows reuses it.
 */
import type { ChatCompletionChunk, RawCompletionChunk } from "@wllama/wllama";
import type { ChatMessage } from "../engine";
import type { WllamaClient } from "./wllama-client";
import { promptTokensFromContextError } from "./wllama-errors";

// End/turn markers of common chat models, tried after the ones found in the model's own template.
const COMMON_SPECIAL_TOKENS = ["<|im_end|>", "<|endoftext|>", "<|eot_id|>", "<end_of_turn>", "<|end|>", "</s>"];
// Marker-looking pieces of a chat template: <|x|>, <x_y>, </s>, [INST].
const TEMPLATE_MARKERS = /<\|[^|<>\s]{1,40}\|>|<\/?[a-z_]{1,30}>|\[\/?INST\]/g;
const MAX_CANDIDATES = 8;

/** Prompt tokens a finished request used, from its usage, else its timings (cache hits plus evaluated). */
export function promptTokensOf(chunk: Pick<ChatCompletionChunk | RawCompletionChunk, "timings" | "usage"> | undefined): number | null {
  if (chunk?.usage?.prompt_tokens !== undefined) return chunk.usage.prompt_tokens;
  if (chunk?.timings) return chunk.timings.cache_n + chunk.timings.prompt_n;
  return null;
}

/** Special-token texts worth probing as filler, the template's own first. */
export function fillerCandidates(chatTemplate: string | undefined): string[] {
  const fromTemplate = chatTemplate?.match(TEMPLATE_MARKERS) ?? [];
  return [...new Set([...fromTemplate, ...COMMON_SPECIAL_TOKENS])].slice(0, MAX_CANDIDATES);
}

/** Counts tokens of text and chats for one loaded model. */
export class WllamaTokenCounter {
  private filler: Promise<string | null> | null = null;

  constructor(
    private readonly client: WllamaClient,
    /** Tokens the server's slot holds (n_ctx); a prompt longer than this is refused unevaluated. */
    private readonly allocatedContext: number,
    private readonly addsBos: boolean,
    private readonly chatTemplate: string | undefined,
  ) {}

  /** Tokens `text` is, without BOS/EOS. */
  async countText(text: string): Promise<number> {
    if (text.length === 0) return 0;
    this.filler ??= this.findFiller();
    const filler = await this.filler;
    const bos = this.addsBos ? 1 : 0;
    if (filler !== null) {
      const refused = await this.refusedLength(filler.repeat(this.allocatedContext + 1) + text);
      if (refused !== null) return refused - (this.allocatedContext + 1) - bos;
    }
    return (await this.evaluatedLength(text)) - bos;
  }

  /** Tokens the chat template makes of `messages`, generation prompt included. */
  async countChat(messages: ChatMessage[]): Promise<number> {
    let last: ChatCompletionChunk | undefined;
    try {
      const stream = await this.client.createChatCompletion({ messages, max_tokens: 1, temperature: 0, stream: true });
      for await (const chunk of stream) last = chunk;
    } catch (error) {
      const total = promptTokensFromContextError(error);
      if (total === null) throw error;
      return total;
    }
    const count = promptTokensOf(last);
    if (count === null) throw new Error("wllama reported no prompt token count");
    return count;
  }

  private async findFiller(): Promise<string | null> {
    const expected = this.allocatedContext + 1 + (this.addsBos ? 1 : 0);
    for (const candidate of fillerCandidates(this.chatTemplate)) {
      if ((await this.refusedLength(candidate.repeat(this.allocatedContext + 1))) === expected) return candidate;
    }
    return null;
  }

  /** The prompt's token count if the server refuses it as too long, else null (it was short enough to run). */
  private async refusedLength(prompt: string): Promise<number | null> {
    try {
      await this.client.completeRaw({ prompt, max_tokens: 1, temperature: 0 });
      return null;
    } catch (error) {
      const total = promptTokensFromContextError(error);
      if (total === null) throw error;
      return total;
    }
  }

  private async evaluatedLength(text: string): Promise<number> {
    try {
      const count = promptTokensOf(await this.client.completeRaw({ prompt: text, max_tokens: 1, temperature: 0 }));
      if (count === null) throw new Error("wllama reported no prompt token count");
      return count;
    } catch (error) {
      const total = promptTokensFromContextError(error);
      if (total === null) throw error;
      return total;
    }
  }
}
