/**
 * Named errors that cross message boundaries as {name, message} and are rebuilt as the same class on the other side,
 * so the UI can tell "no model" from "out of memory" from "stopped by the user".
 */

/** Base class for every error Hearth raises on purpose. */
export class HearthError extends Error {
  override name = "HearthError";
}

/** The user (or a closed tab/port) stopped the work. Not a failure to report loudly. */
export class AbortedError extends HearthError {
  override name = "AbortedError";
  constructor(message = "Stopped.") {
    super(message);
  }
}

/** A message did not have the shape its type requires, or came from a sender that may not send it. */
export class ValidationError extends HearthError {
  override name = "ValidationError";
}

/** The sender is not allowed to make this request (e.g. a content script asking for an extension-page-only action). */
export class PermissionError extends HearthError {
  override name = "PermissionError";
}

/** A feature needs a model and none is loaded or downloaded yet. */
export class ModelNotLoadedError extends HearthError {
  override name = "ModelNotLoadedError";
}

/** The model or its context does not fit in this device's memory. */
export class OutOfMemoryError extends HearthError {
  override name = "OutOfMemoryError";
}

/** The engine failed to load or run a model (bad file, worker crash, GPU lost). */
export class EngineError extends HearthError {
  override name = "EngineError";
}

/** A GPU path was asked for but this browser has no usable WebGPU adapter. */
export class NoWebGpuError extends HearthError {
  override name = "NoWebGpuError";
}

/** Another model is loading; the request can be retried when it finishes. */
export class BusyError extends HearthError {
  override name = "BusyError";
}

/** The input is larger than the model's context allows, even after trimming. */
export class ContextOverflowError extends HearthError {
  override name = "ContextOverflowError";
}

/** The opt-in loopback server could not be reached or refused the request. */
export class LocalServerError extends HearthError {
  override name = "LocalServerError";
}

/** A request took longer than its timeout policy allows. */
export class TimeoutError extends HearthError {
  override name = "TimeoutError";
}

/** Too many requests from one tab in a short time. */
export class RateLimitError extends HearthError {
  override name = "RateLimitError";
}

/** A model file or download was refused (not a GGUF, wrong checksum, host not allowed, no space). */
export class ModelFileError extends HearthError {
  override name = "ModelFileError";
}

/** The PDF is encrypted and no password was given; retry extraction with the password. */
export class PdfPasswordRequiredError extends HearthError {
  override name = "PdfPasswordRequiredError";
  constructor(message = "This PDF is protected by a password. Enter the password to read it.") {
    super(message);
  }
}

/** The password given does not open the PDF; ask again and retry. */
export class PdfWrongPasswordError extends HearthError {
  override name = "PdfWrongPasswordError";
  constructor(message = "That password does not open this PDF. Check it and try again.") {
    super(message);
  }
}

/** The file is empty, cut short or not a PDF at all. */
export class BrokenPdfError extends HearthError {
  override name = "BrokenPdfError";
  constructor(message = "This PDF is broken or incomplete, so it cannot be read.") {
    super(message);
  }
}

/** Every page read is images only (a scan without OCR), so there is no text to work with. */
export class PdfNoTextLayerError extends HearthError {
  override name = "PdfNoTextLayerError";
  constructor(message = "This PDF has no text layer (it looks like scanned images), so there is no text to read.") {
    super(message);
  }
}

const errorClasses = {
  HearthError,
  AbortedError,
  ValidationError,
  PermissionError,
  ModelNotLoadedError,
  OutOfMemoryError,
  EngineError,
  NoWebGpuError,
  BusyError,
  ContextOverflowError,
  LocalServerError,
  TimeoutError,
  RateLimitError,
  ModelFileError,
  PdfPasswordRequiredError,
  PdfWrongPasswordError,
  BrokenPdfError,
  PdfNoTextLayerError,
} as const;

export type HearthErrorName = keyof typeof errorClasses;

/** The wire form of an error. */
export interface EncodedError {
  name: string;
  message: string;
}

/** Turn any thrown value into its wire form. Unknown errors keep their message but become plain HearthError. */
export function encodeError(error: unknown): EncodedError {
  if (error instanceof Error) {
    const name = error.name === "AbortError" ? "AbortedError" : error.name;
    return { name: Object.hasOwn(errorClasses, name) ? name : "HearthError", message: error.message };
  }
  return { name: "HearthError", message: String(error) };
}

/** Rebuild the named error class from its wire form. */
export function decodeError(encoded: EncodedError): HearthError {
  const ErrorClass = Object.hasOwn(errorClasses, encoded.name)
    ? (errorClasses as Record<string, new (message: string) => HearthError>)[encoded.name] ?? HearthError
    : HearthError;
  return new ErrorClass(encoded.message);
}

/** True when `error` means the work was stopped on purpose (by the user, a closed tab or a disconnected port). */
export function isAbort(error: unknown): boolean {
  return error instanceof AbortedError || (error instanceof Error && error.name === "AbortError");
}
