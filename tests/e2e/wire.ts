/**
 * Speak Hearth's wire protocol from inside an extension page, the way the add-on's own pages do, so e2e tests
 * exercise the real background (validation, sender checks, ports, cancellation) rather than a shortcut.
 */
import type { Page } from "puppeteer-core";

export interface WireReply<T> {
  ok: boolean;
  value?: T;
  error?: { name: string; message: string };
}

/** Send one request to the background from `page` and return the raw reply envelope. */
export function requestIn<T>(page: Page, type: string, payload: unknown): Promise<WireReply<T>> {
  return page.evaluate(
    (t: string, p: unknown) => browser.runtime.sendMessage({ hearth: "request", type: t, payload: p }),
    type,
    payload,
  ) as Promise<WireReply<T>>;
}

export interface StreamResult<C> {
  chunks: C[];
  end: "done" | "error" | "cancelled";
  error?: { name: string; message: string };
}

/**
 * Open a stream from `page`, collect its chunks, and end it as told: run to the end, or cancel after
 * `cancelAfterChunks` chunks of which `cancelWhen` is true (counted from the start).
 */
export function streamIn<C>(
  page: Page,
  type: string,
  payload: unknown,
  options: { cancelAfter?: number; cancelKind?: string; timeoutMs?: number } = {},
): Promise<StreamResult<C>> {
  return page.evaluate(
    (t: string, p: unknown, cancelAfter: number | null, cancelKind: string | null, timeoutMs: number) =>
      new Promise<StreamResult<unknown>>((resolve) => {
        const port = browser.runtime.connect({ name: "hearth/stream" });
        const chunks: unknown[] = [];
        let counted = 0;
        let cancelled = false;
        const timer = setTimeout(() => {
          port.disconnect();
          resolve({ chunks, end: "error", error: { name: "TestTimeout", message: `no end after ${timeoutMs} ms` } });
        }, timeoutMs);
        port.onMessage.addListener((raw: object) => {
          // After cancelling, chunks already in flight and the producer's AbortedError are expected; ignore them.
          if (cancelled) return;
          const message = raw as { kind: string; value?: unknown; error?: { name: string; message: string } };
          if (message.kind === "chunk") {
            chunks.push(message.value);
            const kind = (message.value as { kind?: string } | null)?.kind;
            if (cancelKind === null || kind === cancelKind) counted += 1;
            if (cancelAfter !== null && counted >= cancelAfter) {
              cancelled = true;
              port.postMessage({ kind: "cancel" });
              clearTimeout(timer);
              // Give the cancellation a moment to reach the producer before the port closes.
              setTimeout(() => {
                port.disconnect();
                resolve({ chunks, end: "cancelled" });
              }, 50);
              return;
            }
            port.postMessage({ kind: "credit", n: 1 });
          } else if (message.kind === "done") {
            clearTimeout(timer);
            resolve({ chunks, end: "done" });
          } else if (message.kind === "error") {
            clearTimeout(timer);
            resolve({ chunks, end: "error", error: message.error });
          }
        });
        port.postMessage({ kind: "start", type: t, payload: p, credit: 8 });
      }),
    type,
    payload,
    options.cancelAfter ?? null,
    options.cancelKind ?? null,
    options.timeoutMs ?? 60_000,
  ) as Promise<StreamResult<C>>;
}

export interface EngineStateSnapshot {
  phase: string;
  queued?: number;
  info?: { modelId: string; device: string };
}

/** The engine state as the background reports it ("hearth/status"). */
export async function engineState(page: Page): Promise<EngineStateSnapshot> {
  const reply = await requestIn<{ engine: EngineStateSnapshot }>(page, "hearth/status", {});
  if (!reply.ok || !reply.value) throw new Error(`hearth/status failed: ${reply.error?.message}`);
  return reply.value.engine;
}

/** Poll the engine state from Node until `predicate` holds (page-side waitForFunction is throttled in background tabs). */
export async function waitForEngine(
  page: Page,
  predicate: (state: EngineStateSnapshot) => boolean,
  timeoutMs = 10_000,
): Promise<EngineStateSnapshot> {
  const deadline = Date.now() + timeoutMs;
  let last: EngineStateSnapshot | null = null;
  const seen: string[] = [];
  while (Date.now() < deadline) {
    last = await engineState(page);
    const label = `${last.phase}/${last.queued ?? "-"}`;
    if (seen.at(-1) !== label) seen.push(label);
    if (predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`engine never reached the expected state; states seen: ${seen.join(" → ")}; last: ${JSON.stringify(last)}`);
}
