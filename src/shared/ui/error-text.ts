/**
 * What a page says about an error from the background: the common named errors in the user's language with what to
 * do about them, anything else by its own message (the background's messages are English). Used where the
 * background's message is a generic one (the reader, "Explain this", tab groups); the chat keeps its own, more
 * specific messages, and translation and summaries have their own advice tables.
 */

/** Only the key is passed: the error texts take no substitutions. */
export type Translate = (key: string) => string;

/** _locales keys for errors a user commonly meets, by error name. */
const NAMED: Record<string, string> = {
  ModelNotLoadedError: "errorNoModel",
  OutOfMemoryError: "errorMemory",
  ContextOverflowError: "errorContext",
  NoWebGpuError: "errorNoGpu",
  BusyError: "errorBusy",
  TimeoutError: "errorTimeout",
  RateLimitError: "errorRateLimit",
};

/** The text to show for `error` (an Error, or a {name, message} as it crossed the wire). */
export function errorText(error: unknown, t: Translate): string {
  const named = typeof error === "object" && error !== null ? (error as { name?: unknown; message?: unknown }) : null;
  const key = typeof named?.name === "string" ? NAMED[named.name] : undefined;
  if (key) return t(key);
  if (typeof named?.message === "string" && named.message) return named.message;
  return String(error);
}
