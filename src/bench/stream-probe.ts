/**
 * Sits between WllamaEngine and its wllama client in the bench page and timestamps the latest chat request as the
 * engine made it: when wllama was asked, and when its first and last text arrived. Set against what the host's
 * reader saw of the same request, that is the host's own cost, free of the engine's run-to-run variation.
 */
import type { ChatCompletionChunk } from "@wllama/wllama";
import type { WllamaClient } from "../engine/wllama/wllama-client";

export interface ProbedRequest {
  requestedAt: number;
  firstTextAt: number;
  lastTextAt: number;
  texts: number;
}

export class StreamProbe {
  private latest: ProbedRequest | null = null;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The latest request's timestamps; null if none produced text since the last reset. */
  take(): ProbedRequest | null {
    const latest = this.latest;
    this.latest = null;
    return latest !== null && latest.texts > 0 ? latest : null;
  }

  /** `client`, with its chat requests timestamped. */
  wrap(client: WllamaClient): WllamaClient {
    return {
      loadModel: (blobs, params) => client.loadModel(blobs, params),
      getLoadedContextInfo: () => client.getLoadedContextInfo(),
      completeRaw: (params) => client.completeRaw(params),
      exit: () => client.exit(),
      createChatCompletion: async (params) => {
        const request: ProbedRequest = { requestedAt: this.now(), firstTextAt: 0, lastTextAt: 0, texts: 0 };
        this.latest = request;
        const stream = await client.createChatCompletion(params);
        return this.watch(stream, request);
      },
    };
  }

  private watch(stream: AsyncIterable<ChatCompletionChunk>, request: ProbedRequest): AsyncIterable<ChatCompletionChunk> {
    const now = this.now;
    return {
      [Symbol.asyncIterator]() {
        const inner = stream[Symbol.asyncIterator]();
        return {
          async next() {
            const result = await inner.next();
            if (!result.done && (result.value.choices[0]?.delta?.content ?? "").length > 0) {
              request.lastTextAt = now();
              if (request.texts === 0) request.firstTextAt = request.lastTextAt;
              request.texts += 1;
            }
            return result;
          },
          // Breaking out early must still stop wllama's stream.
          return: async () => (await inner.return?.()) ?? { done: true, value: undefined },
        };
      },
    };
  }
}
