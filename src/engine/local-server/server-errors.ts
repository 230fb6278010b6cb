/**
 * Turns what fetch() and the server say into LocalServerErrors that tell the user what to do next.
 */
import { AbortedError, LocalServerError } from "../../shared/protocol/errors";

/** The error for a fetch() that never got a response: stopped on purpose, or nothing listening at `base`. */
export function requestFailed(base: string, error: unknown, signal?: AbortSignal): Error {
  if (signal?.aborted || (error instanceof Error && error.name === "AbortError")) return new AbortedError();
  // Node says "fetch failed" (cause ECONNREFUSED), Firefox "NetworkError when attempting to fetch resource.": both
  // are TypeErrors with nothing more specific to go on.
  const detail = error instanceof Error && error.message ? ` (${error.message})` : "";
  return new LocalServerError(
    `The local server at ${base} is not running: start llamafile/Ollama, or check the address in Hearth's settings${detail}.`,
  );
}

/** A LocalServerError for an HTTP answer; keeps the status so callers can tell "no such endpoint" (404) apart. */
export class ServerHttpError extends LocalServerError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The error for a response whose status is not 2xx, with the server's own message when it gave one. */
export async function httpFailed(base: string, response: Response): Promise<ServerHttpError> {
  const serverMessage = await readServerMessage(response);
  if (response.status === 403) {
    return new ServerHttpError(
      `The local server at ${base} refused Hearth (403 Forbidden). Ollama only answers browser add-ons it is told to ` +
        "trust: set OLLAMA_ORIGINS=moz-extension://* in its environment and restart Ollama." +
        (serverMessage ? ` Server said: ${serverMessage}` : ""),
      403,
    );
  }
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  return new ServerHttpError(
    `The local server at ${base} answered ${status}${serverMessage ? `: ${serverMessage}` : "."}`,
    response.status,
  );
}

/** The server's error text: OpenAI/llama.cpp `{error: {message}}`, Ollama `{error: "..."}`, or the raw body. */
export async function readServerMessage(response: Response): Promise<string> {
  let body: string;
  try {
    body = (await response.text()).trim();
  } catch {
    return "";
  }
  if (body === "") return "";
  try {
    const parsed: unknown = JSON.parse(body);
    const message = errorMessageOf(parsed);
    if (message) return message;
  } catch {
    // Not JSON: show the text itself.
  }
  return body.length > 300 ? `${body.slice(0, 300)}…` : body;
}

/** The message inside an OpenAI-style error object, or null when `value` is not one. */
export function errorMessageOf(value: unknown): string | null {
  if (typeof value !== "object" || value === null || !("error" in value)) return null;
  const error: unknown = value.error;
  if (typeof error === "string") return error;
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string") {
    return error.message;
  }
  return null;
}
