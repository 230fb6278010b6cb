/**
 * The one place that loads @mlc-ai/web-llm's code, through a dynamic import() so the bundler keeps its ~6.8 MB in a
 * chunk of its own that only the web-llm backend pulls in. Everything else imports web-llm's types only.
 */
import type { ChatCompletionChunk, ChatCompletionRequestStreaming, ChatOptions, MLCEngineConfig } from "@mlc-ai/web-llm";

/** The part of web-llm's MLCEngine that WebLlmEngine uses, so tests can hand in a fake. */
export interface MlcEngineLike {
  reload(modelId: string, chatOpts?: ChatOptions): Promise<void>;
  chat: { completions: { create(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>> } };
  interruptGenerate(): void;
  unload(): Promise<void>;
}

export type CreateMlcEngine = (config: MLCEngineConfig) => Promise<MlcEngineLike>;

/** A real web-llm MLCEngine with nothing loaded yet; the first call downloads and evaluates web-llm's chunk. */
export const createWebLlmEngine: CreateMlcEngine = async (config) => {
  const { MLCEngine } = await import("@mlc-ai/web-llm");
  const engine: MlcEngineLike = new MLCEngine(config);
  return engine;
};
