/**
 * The one interface every inference backend implements (wllama on CPU/WebGPU, web-llm on WebGPU, a loopback
 * OpenAI-compatible server, and the deterministic fake used by UI tests).
 *
 * Engine code never calls browser.*: it runs in the background page (or a test page) and is handed what it needs.
 */

export type BackendId = "wllama" | "webllm" | "local-server" | "fake";

/** Where a model's weights come from when it is loaded. */
export type ModelSource =
  | { kind: "url"; urls: string[] }
  | { kind: "blobs"; blobs: Blob[] }
  /** A remote model id served by the backend itself (web-llm prebuilt id, Ollama model name). */
  | { kind: "named"; name: string };

export interface LoadOptions {
  /** Catalog id or user-facing name, reported back by info(). */
  modelId: string;
  source: ModelSource;
  /** Context window to allocate, in tokens. The backend may clamp it to what the model was trained for. */
  contextSize?: number;
  /** Ask for GPU offload when the backend supports it. "auto" uses a GPU only when one is usable. */
  device?: "cpu" | "gpu" | "auto";
  signal?: AbortSignal;
  onProgress?: (progress: LoadProgress) => void;
}

export interface LoadProgress {
  phase: "fetching" | "initializing";
  loaded: number;
  total: number;
}

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface GenerateOptions {
  messages: ChatMessage[];
  maxTokens?: number;
  /** 0 means greedy decoding, which is deterministic. */
  temperature?: number;
  seed?: number;
  /** Sequences that end generation; they are not included in the output. */
  stop?: string[];
  signal?: AbortSignal;
}

/** One streamed piece of output. `text` is always whole UTF-8 characters. */
export interface GenerateChunk {
  text: string;
}

export interface GenerateStats {
  promptTokens: number;
  completionTokens: number;
  /** Milliseconds from the call to the first token. */
  timeToFirstTokenMs: number;
  /** Milliseconds spent decoding after the first token. */
  decodeMs: number;
  finishReason: "stop" | "length" | "aborted";
}

export interface EngineInfo {
  backend: BackendId;
  modelId: string;
  /** "cpu" or the GPU path actually used, e.g. "webgpu". */
  device: "cpu" | "webgpu" | "remote-loopback";
  threads: number;
  contextSize: number;
  /** Extra facts for the status panel, e.g. layers offloaded to the GPU. */
  details: Record<string, string | number | boolean>;
}

export interface LlmEngine {
  readonly backend: BackendId;
  /** Load a model, replacing any loaded one. Rejects with an EngineError subclass on failure. */
  load(options: LoadOptions): Promise<void>;
  /** Stream a chat completion using the model's own chat template. Aborting ends the iterable with AbortedError. */
  generate(options: GenerateOptions): AsyncIterable<GenerateChunk> & { stats(): Promise<GenerateStats> };
  /** Number of tokens the loaded model's tokenizer produces for `text` (no special tokens added). */
  countTokens(text: string): Promise<number>;
  /** Tokens the chat template adds around `messages`, content included. */
  countChatTokens(messages: ChatMessage[]): Promise<number>;
  contextSize(): number;
  info(): EngineInfo | null;
  isLoaded(): boolean;
  unload(): Promise<void>;
}
