/**
 * Fetching one model file into a ChunkedFile: Range resume from what is stored, retries after a broken or stalled
 * connection (each retry asks only for the missing bytes), a GGUF check on the first bytes before anything is kept,
 * and one request-log entry per request. The sha256 is fed as bytes arrive, so no second pass over the file is needed.
 */
import { AbortedError, ModelFileError, PermissionError } from "../../shared/protocol/errors";
import { downloadRefusal } from "../../shared/platform/egress-rules";
import { formatBytes } from "./bytes-text";
import type { ChunkedFile } from "./chunked-file";
import { GGUF_HEADER_BYTES, parseGgufHeader } from "./gguf-header";
import { sha256FromHeaders } from "./hf-metadata";
import { interpretResponse, rangeHeaders, strongEtag } from "./http-resume";
import type { RequestLog, RequestLogEntry } from "./request-log";
import { sha256Stream, type Sha256Stream } from "./sha256";

export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

export interface TransferDeps {
  fetch: FetchFn;
  log: RequestLog;
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Give up on a connection that delivers nothing for this long, and resume on a new one. */
  stallTimeoutMs: number;
  maxAttempts: number;
}

export interface TransferJob {
  url: string;
  /** Names the file in messages, e.g. "Qwen2.5 0.5B Instruct". */
  label: string;
  file: ChunkedFile;
  /** Hash of the `stored` bytes already in `file`. */
  hash: Sha256Stream;
  stored: number;
  validator: string | null;
  /** Size the catalog lists; a server file far from it is refused before it is downloaded. */
  approxBytes: number | null;
  /** Told what the server said about the file before its body is read; may throw to refuse (no room). */
  onHeaders(facts: { total: number | null; validator: string | null; hostSha256: string | null; stored: number }): Promise<void>;
  onBytes(stored: number, total: number | null): void;
  onRetry(attempt: number, reason: string, fromByte: number): void;
}

export interface TransferResult {
  hash: Sha256Stream;
  stored: number;
  total: number | null;
}

type Attempt = { kind: "done" } | { kind: "retry"; reason: string };

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Download `job.url` into `job.file`, continuing after what is stored. */
export async function transferFile(job: TransferJob, deps: TransferDeps, signal: AbortSignal): Promise<TransferResult> {
  const state = { hash: job.hash, stored: job.stored, validator: job.validator, total: null as number | null };
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) throw new AbortedError();
    const outcome = await attemptOnce(job, deps, signal, state);
    if (outcome.kind === "done") return state;
    if (attempt >= deps.maxAttempts) {
      throw new ModelFileError(
        `The download of ${job.label} was interrupted (${outcome.reason}). The ${formatBytes(state.stored)} downloaded so far are kept: download again to continue from there.`,
      );
    }
    job.onRetry(attempt, outcome.reason, state.stored);
    await deps.sleep(500 * attempt, signal);
  }
}

async function attemptOnce(job: TransferJob, deps: TransferDeps, signal: AbortSignal, state: TransferResult & { validator: string | null }): Promise<Attempt> {
  const headers = rangeHeaders(state.stored);
  const entry: RequestLogEntry = { at: deps.now(), url: job.url, range: headers.Range ?? null, status: null, bytes: 0, result: "ok", note: "" };
  const log = (result: RequestLogEntry["result"], note = "") => deps.log.add({ ...entry, result, note }).catch(() => undefined);
  const connection = new AbortController();
  const stopConnection = () => connection.abort();
  signal.addEventListener("abort", stopConnection, { once: true });
  let stalled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      connection.abort();
    }, deps.stallTimeoutMs);
  };
  const stallReason = () => `no data arrived for ${Math.round(deps.stallTimeoutMs / 1000)} s`;
  try {
    arm();
    let response: Response;
    try {
      response = await deps.fetch(job.url, {
        headers,
        signal: connection.signal,
        cache: "no-store",
        credentials: "omit",
        referrerPolicy: "no-referrer",
        redirect: "follow",
      });
    } catch (error) {
      if (signal.aborted) {
        await log("aborted");
        throw new AbortedError();
      }
      // egress.ts refused the address (or a redirect's): final, not a connection to retry.
      if (error instanceof PermissionError) {
        await log("refused", error.message);
        throw new ModelFileError(`${job.label}: ${error.message}`);
      }
      const reason = stalled ? stallReason() : `the connection failed: ${error instanceof Error ? error.message : String(error)}`;
      await log("interrupted", reason);
      return { kind: "retry", reason };
    }
    entry.status = response.status;
    const refuse = async (message: string): Promise<never> => {
      await response.body?.cancel().catch(() => undefined);
      await log("refused", message);
      throw new ModelFileError(message);
    };
    const redirectRefusal = response.url && response.url !== job.url ? downloadRefusal(response.url) : null;
    if (redirectRefusal) await refuse(`${job.label}: the server sent Hearth to another host. ${redirectRefusal}`);

    const decision = interpretResponse(
      { offset: state.stored, validator: state.validator },
      {
        status: response.status,
        contentRange: response.headers.get("content-range"),
        contentLength: response.headers.get("content-length"),
        etag: response.headers.get("etag"),
      },
    );
    if (decision.kind === "fail") {
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 500 || response.status === 429 || response.status === 408) {
        await log("interrupted", decision.reason);
        return { kind: "retry", reason: decision.reason };
      }
      await log("failed", decision.reason);
      throw new ModelFileError(`Could not download ${job.label}: ${decision.reason}`);
    }
    if (decision.kind === "complete") {
      state.total = decision.total;
      await response.body?.cancel().catch(() => undefined);
      await log("ok", "already complete");
      return { kind: "done" };
    }
    if (decision.kind === "restart" && state.stored > 0) {
      await job.file.clear();
      state.stored = 0;
      state.hash = sha256Stream();
      entry.note = decision.reason;
      // Only a 200 carries the whole file; after a changed file's 206 (or a 416) ask again from byte 0.
      if (response.status !== 200) {
        await response.body?.cancel().catch(() => undefined);
        await log("interrupted", decision.reason);
        return { kind: "retry", reason: decision.reason };
      }
    }
    if (decision.kind === "restart" || state.validator === null) state.validator = strongEtag(response.headers.get("etag"));
    state.total = decision.total;
    if (job.approxBytes !== null && state.total !== null && Math.abs(state.total - job.approxBytes) > job.approxBytes * 0.05) {
      await refuse(`${job.label} on the server is ${formatBytes(state.total)}, but Hearth expected about ${formatBytes(job.approxBytes)}; it was not downloaded.`);
    }
    try {
      await job.onHeaders({ total: state.total, validator: state.validator, hostSha256: sha256FromHeaders(response.headers), stored: state.stored });
    } catch (error) {
      await response.body?.cancel().catch(() => undefined);
      await log("refused", error instanceof Error ? error.message : String(error));
      throw error;
    }
    if (!response.body) return await refuse(`${job.label}: the server sent no data.`);
    return await readBody(job, response.body, state, {
      arm,
      log: (result, note) => log(result, note).then(() => undefined),
      count: (n) => void (entry.bytes += n),
      aborted: () => signal.aborted,
      stalled: () => (stalled ? stallReason() : null),
    });
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", stopConnection);
  }
}

const DISK_FULL = "Not enough disk space for this model: free up space or choose a smaller model.";

/** True for the storage's "disk full" DOMException. By name, not instanceof: a DOMException from another realm fails that. */
function isQuotaExceeded(error: unknown): boolean {
  return typeof error === "object" && error !== null && "name" in error && error.name === "QuotaExceededError";
}

interface BodyHooks {
  arm(): void;
  log(result: RequestLogEntry["result"], note?: string): Promise<void>;
  count(bytes: number): void;
  aborted(): boolean;
  stalled(): string | null;
}

async function readBody(job: TransferJob, body: ReadableStream<Uint8Array>, state: TransferResult, hooks: BodyHooks): Promise<Attempt> {
  const reader = body.getReader();
  const appender = await job.file.appender();
  // Nothing is stored until the first bytes prove a GGUF: an error page must not become a "model".
  let head: Uint8Array | null = state.stored === 0 ? new Uint8Array(0) : null;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      hooks.arm();
      if (done) break;
      let bytes = value;
      if (head) {
        head = concat(head, bytes);
        if (head.length < GGUF_HEADER_BYTES) continue;
        parseGgufHeader(head, job.label);
        bytes = head;
        head = null;
      }
      await appender.write(bytes);
      state.hash.update(bytes);
      state.stored += bytes.length;
      hooks.count(bytes.length);
      job.onBytes(state.stored, state.total);
    }
    if (head) parseGgufHeader(head, job.label);
  } catch (caught) {
    await appender.commit().catch(() => undefined);
    // A full disk is no broken connection: retrying would only fail again on the same full disk.
    const error = isQuotaExceeded(caught) ? new ModelFileError(DISK_FULL) : caught;
    if (error instanceof ModelFileError) {
      await reader.cancel().catch(() => undefined);
      await job.file.clear();
      await hooks.log("refused", error.message);
      throw error;
    }
    if (hooks.aborted()) {
      await hooks.log("aborted");
      throw new AbortedError();
    }
    const reason = hooks.stalled() ?? `the connection broke: ${error instanceof Error ? error.message : String(error)}`;
    await hooks.log("interrupted", reason);
    return { kind: "retry", reason };
  }
  await appender.commit();
  if (state.total !== null && state.stored < state.total) {
    await hooks.log("interrupted", "the server closed the connection early");
    return { kind: "retry", reason: "the server closed the connection early" };
  }
  if (state.total !== null && state.stored > state.total) {
    await job.file.clear();
    await hooks.log("failed", "more bytes than announced");
    throw new ModelFileError(`The server sent more of ${job.label} than it announced; Hearth deleted the file.`);
  }
  await hooks.log("ok");
  return { kind: "done" };
}
