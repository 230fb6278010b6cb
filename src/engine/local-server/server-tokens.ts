/**
 * Token counts from the server's own tokenizer when it has one (llama.cpp/llamafile: POST /tokenize and
 * /apply-template), else an estimate. Ollama has no tokenize endpoint in its OpenAI API, so it always gets the
 * estimate: about 1.3 tokens per English word, one per CJK character and punctuation mark (approximateTokenCount),
 * plus 4 tokens per message and 3 for the reply's opening, which is how most chat templates wrap turns.
 */
import { approximateTokenCount } from "../../features/summarize/approx-tokens";
import { AbortedError } from "../../shared/protocol/errors";
import type { ChatMessage } from "../engine";
import type { LoopbackClient } from "./loopback-client";
import { promptFromTemplate, tokenCountFromTokenize } from "./openai-wire";
import { ServerHttpError } from "./server-errors";

const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_REPLY = 3;
/** Statuses meaning "this server has no such endpoint" (Ollama: 404; some proxies: 405/501). */
const MISSING_ENDPOINT = new Set([404, 405, 501]);

type Support = "unknown" | "yes" | "no";

export class ServerTokenCounter {
  private tokenize: Support = "unknown";
  private template: Support = "unknown";

  constructor(private readonly client: LoopbackClient) {}

  /** "server" once the server's tokenizer answered, "approximate" once it is known to have none. */
  source(): "server" | "approximate" | "unknown" {
    return this.tokenize === "yes" ? "server" : this.tokenize === "no" ? "approximate" : "unknown";
  }

  /** Tokens in `text` without special tokens. */
  async countTokens(text: string): Promise<number> {
    const counted = await this.serverCount(text, false);
    return counted ?? approximateTokenCount(text);
  }

  /** Tokens of `messages` rendered with the model's chat template, the reply's opening included. */
  async countChatTokens(messages: ChatMessage[]): Promise<number> {
    if (this.template !== "no" && this.tokenize !== "no") {
      const prompt = await this.tryServer(
        () => this.client.postJson("/apply-template", { messages }),
        (support) => (this.template = support),
      );
      const rendered = prompt === null ? null : promptFromTemplate(prompt);
      if (rendered !== null) {
        this.template = "yes";
        // The rendered prompt carries the template's special tokens as text; they must count as one token each.
        const counted = await this.serverCount(rendered, true);
        if (counted !== null) return counted;
      } else if (prompt !== null) {
        this.template = "no";
      }
    }
    let total = TOKENS_PER_REPLY;
    for (const message of messages) total += TOKENS_PER_MESSAGE + (await this.countTokens(message.content));
    return total;
  }

  private async serverCount(text: string, parseSpecial: boolean): Promise<number | null> {
    if (this.tokenize === "no") return null;
    const answer = await this.tryServer(
      () => this.client.postJson("/tokenize", { content: text, add_special: false, parse_special: parseSpecial }),
      (support) => (this.tokenize = support),
    );
    const count = answer === null ? null : tokenCountFromTokenize(answer);
    if (answer !== null) this.tokenize = count === null ? "no" : "yes";
    return count;
  }

  /**
   * The server's answer, or null when the endpoint does not exist there (404/405/501: remembered, never asked
   * again). A server that is down or broken still raises, so the caller hears about it.
   */
  private async tryServer(call: () => Promise<unknown>, remember: (support: Support) => void): Promise<unknown> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof AbortedError) throw error;
      if (error instanceof ServerHttpError && MISSING_ENDPOINT.has(error.status)) {
        remember("no");
        return null;
      }
      throw error;
    }
  }
}
