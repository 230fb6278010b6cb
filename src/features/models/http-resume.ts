/**
 * Resuming an interrupted download with HTTP Range: which headers to send for the bytes already stored, and what the
 * server's answer means. Pure logic; the download manager does the I/O.
 *
 * No If-Range is sent: it is not a CORS-safelisted header, so it would cost a preflight on every resume. Instead the
 * validator (a strong ETag) the server gave the first time is compared with the one it gives now, and the final
 * sha256 catches anything else.
 */

/** What is known about a partly downloaded file. */
export interface ResumePoint {
  /** Bytes already stored. */
  offset: number;
  /** The strong ETag the server sent when the download started, or null. */
  validator: string | null;
}

/** The parts of a response the decision needs. */
export interface ResponseFacts {
  status: number;
  contentRange: string | null;
  contentLength: string | null;
  etag: string | null;
}

export type ResumeDecision =
  /** Append the body at `offset`; the whole file is `total` bytes (null when the server did not say). */
  | { kind: "append"; offset: number; total: number | null }
  /** The server sent the whole file (it ignored the range, or the file changed): start again from byte 0. */
  | { kind: "restart"; total: number | null; reason: string }
  /** Everything is already stored. */
  | { kind: "complete"; total: number }
  | { kind: "fail"; reason: string };

/** Request headers for fetching the rest of a file from `offset`. */
export function rangeHeaders(offset: number): Record<string, string> {
  return offset > 0 ? { Range: `bytes=${offset}-` } : {};
}

/** Parse "bytes 100-199/1000" (or "bytes 100-199/*"); null when malformed. */
export function parseContentRange(value: string | null): { start: number; end: number; total: number | null } | null {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? "");
  if (!match) return null;
  const start = Number(match[1]);
  const end = Number(match[2]);
  const total = match[3] === "*" ? null : Number(match[3]);
  if (end < start || (total !== null && end >= total)) return null;
  return { start, end, total };
}

/** A strong ETag usable as a validator, or null (weak ETags may match different bytes). */
export function strongEtag(value: string | null): string | null {
  const trimmed = value?.trim() ?? "";
  return trimmed !== "" && !trimmed.startsWith("W/") ? trimmed : null;
}

/** Decide what to do with the server's answer to a (possibly ranged) request. */
export function interpretResponse(point: ResumePoint, response: ResponseFacts): ResumeDecision {
  const length = response.contentLength === null ? null : Number(response.contentLength);
  const knownLength = length !== null && Number.isFinite(length) && length >= 0 ? length : null;
  if (response.status === 200) {
    const reason = point.offset > 0 ? "The server sent the whole file instead of the missing part." : "";
    return { kind: "restart", total: knownLength, reason };
  }
  if (response.status === 206) {
    // A cross-origin server that does not expose Content-Range hides it from fetch; the part then starts where it was
    // asked to (the Range request said so) and the final sha256 catches a server that did otherwise.
    const range =
      response.contentRange === null && knownLength !== null
        ? { start: point.offset, total: point.offset + knownLength }
        : parseContentRange(response.contentRange);
    if (!range) return { kind: "fail", reason: `The server sent a part of the file it did not describe (${response.contentRange ?? "no Content-Range"}).` };
    if (range.start !== point.offset) {
      return { kind: "fail", reason: `The server sent bytes from ${range.start} when ${point.offset} was asked for.` };
    }
    const now = strongEtag(response.etag);
    if (point.validator !== null && now !== null && now !== point.validator) {
      return { kind: "restart", total: range.total, reason: "The file on the server changed since the download started." };
    }
    return { kind: "append", offset: range.start, total: range.total };
  }
  if (response.status === 416) {
    const range = /^bytes \*\/(\d+)$/.exec(response.contentRange?.trim() ?? "");
    const total = range ? Number(range[1]) : null;
    if (total !== null && total === point.offset) return { kind: "complete", total };
    return { kind: "restart", total, reason: "The stored part no longer fits the file on the server." };
  }
  return { kind: "fail", reason: `The server answered HTTP ${response.status}.` };
}
