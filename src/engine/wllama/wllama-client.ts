/**
 * The slice of wllama 3.13's `Wllama` class the engine uses, so tests can stand in for it in Node (real wllama needs
 * a browser Worker). The default factory creates the real thing.
 */
import { Wllama } from "@wllama/wllama";
import type {
  ChatCompletionChunk,
  ChatCompletionParams,
  LoadedContextInfo,
  LoadModelParams,
  RawCompletionChunk,
  RawCompletionParams,
} from "@wllama/wllama";
import type { WllamaLoggerLike } from "./wllama-log";

/**
 * A streamed chat request. Always streamed: wllama 3.13's non-streamed path rejects with a RangeError when the reply
 * ends inside a UTF-8 character. llama-server also honours `stop`, which wllama's type leaves out.
 */
export type ChatStreamParams = ChatCompletionParams & { stream: true; stop?: string[] };

/** A raw completion request; streamed by the client (see ChatStreamParams). */
export type RawParams = Omit<RawCompletionParams, "prompt" | "stream"> & { prompt: string };

/** What the engine needs from a wllama instance. */
export interface WllamaClient {
  loadModel(blobs: Blob[], params: LoadModelParams): Promise<void>;
  /** wllama 3.13 also copies load_res fields here, `success` among them. */
  getLoadedContextInfo(): LoadedContextInfo & { success?: boolean };
  createChatCompletion(params: ChatStreamParams): Promise<AsyncIterable<ChatCompletionChunk>>;
  /** Runs a raw completion, streamed (see ChatStreamParams), and returns its last chunk. */
  completeRaw(params: RawParams): Promise<RawCompletionChunk | undefined>;
  exit(): Promise<void>;
}

export interface WllamaClientConfig {
  wasmUrl: string;
  logger: WllamaLoggerLike;
}

export type WllamaClientFactory = (config: WllamaClientConfig) => WllamaClient;

/** A real wllama instance; loads never fetch from a CDN because every path is given. */
export const createWllamaClient: WllamaClientFactory = ({ wasmUrl, logger }) => {
  const wllama = new Wllama({ default: wasmUrl }, { logger, allowOffline: true });
  // Never the CDN compat build: Hearth ships one wasm and supports only browsers that run it (memory64).
  wllama.setCompat(null);
  return {
    loadModel: (blobs, params) => wllama.loadModel(blobs, params),
    getLoadedContextInfo: () => wllama.getLoadedContextInfo(),
    createChatCompletion: (params) => wllama.createChatCompletion(params),
    completeRaw: async (params) => {
      let last: RawCompletionChunk | undefined;
      for await (const chunk of await wllama.createCompletion({ ...params, stream: true })) last = chunk;
      return last;
    },
    exit: () => wllama.exit(),
  };
};
