/**
 * Turns what wllama throws (WllamaError with a `type`, WllamaAbortError named "AbortError", WllamaRuntimeError named
 * "RuntimeError" when the wasm aborts, plain Errors from its glue) into Hearth's named errors. llama.cpp explains most
 * failures only in its log, so the recent error lines are part of the input.
 */
import {
  AbortedError,
  ContextOverflowError,
  EngineError,
  HearthError,
  ModelFileError,
  ModelNotLoadedError,
  OutOfMemoryError,
} from "../../shared/protocol/errors";

// Allocation failures as llama.cpp, ggml, emscripten and the JS engine word them.
const OUT_OF_MEMORY =
  /out of memory|failed to allocate|unable to allocate|cannot enlarge memory|could not allocate|allocation failed|bad_alloc|OOM\b|Array buffer allocation/i;
// llama-server: "request (2019 tokens) exceeds the available context size (512 tokens), try increasing it"
export const CONTEXT_EXCEEDED = /request \((\d+) tokens\) exceeds the available context size \((\d+) tokens\)/;
// llama.cpp's loader, when the bytes are not a model it can read.
const BAD_MODEL_FILE =
  /invalid magic|unknown model architecture|failed to load model|error loading model|gguf_init|tensor .* data is not within|wrong number of tensors|key not found in model/i;

function errorType(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "type" in error && typeof error.type === "string") {
    return error.type;
  }
  return undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

// Adds the log line that best explains the failure: the first one of its kind (the root cause comes before the
// "failed to load" lines that follow it), else the latest.
function withLog(message: string, logLines: readonly string[], kind?: RegExp): string {
  const line = (kind ? logLines.find((l) => kind.test(l)) : undefined) ?? logLines.at(-1);
  return line && !message.includes(line) ? `${message} (${line})` : message;
}

/** The HearthError that explains `error`; `logLines` are llama.cpp's recent error lines. */
export function toHearthError(error: unknown, logLines: readonly string[] = []): HearthError {
  if (error instanceof HearthError) return error;
  if (error instanceof Error && error.name === "AbortError") return new AbortedError();
  const message = messageOf(error);
  const evidence = [message, ...logLines].join("\n");
  const type = errorType(error);

  if (OUT_OF_MEMORY.test(evidence)) {
    return new OutOfMemoryError(withLog(`Not enough memory for the model: ${message}`, logLines, OUT_OF_MEMORY));
  }
  if (type === "kv_cache_full" || CONTEXT_EXCEEDED.test(message)) return new ContextOverflowError(message);
  if (type === "model_not_loaded") return new ModelNotLoadedError(message);
  if (type === "load_error" || type === "download_error" || BAD_MODEL_FILE.test(evidence)) {
    return new ModelFileError(withLog(`The model file could not be loaded: ${message}`, logLines, BAD_MODEL_FILE));
  }
  if (type === "version_mismatch") return new EngineError(`wllama.wasm does not match the wllama script: ${message}`);
  if (error instanceof Error && error.name === "RuntimeError") {
    return new EngineError(withLog(`The inference engine crashed: ${message}`, logLines));
  }
  return new EngineError(withLog(message, logLines));
}

/** Tokens llama-server reported for a prompt it refused as too long, or null when `error` is not that refusal. */
export function promptTokensFromContextError(error: unknown): number | null {
  const match = CONTEXT_EXCEEDED.exec(messageOf(error));
  return match?.[1] ? Number(match[1]) : null;
}
