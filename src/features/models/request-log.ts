/**
 * Every network request the model manager makes (time, URL, bytes, result), kept in storage.local for the privacy
 * panel, so the user can see that nothing but model downloads ever left the device. The newest entries are kept.
 */
import * as v from "valibot";
import type { KeyValueArea } from "../../shared/storage/settings";

export const REQUEST_LOG_KEY = "models.requestLog";
export const MAX_LOG_ENTRIES = 300;

const entrySchema = v.object({
  at: v.number(),
  url: v.string(),
  /** The Range asked for, e.g. "bytes=1000-", or null for a whole file. */
  range: v.nullable(v.string()),
  status: v.nullable(v.number()),
  /** Bytes received in the body. */
  bytes: v.number(),
  result: v.picklist(["ok", "interrupted", "aborted", "failed", "refused"]),
  note: v.string(),
});
export type RequestLogEntry = v.InferOutput<typeof entrySchema>;

export class RequestLog {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly area: KeyValueArea,
    private readonly maxEntries = MAX_LOG_ENTRIES,
  ) {}

  /** Entries, oldest first. */
  async entries(): Promise<RequestLogEntry[]> {
    const stored = (await this.area.get(REQUEST_LOG_KEY)) as { entries?: unknown } | null;
    if (!Array.isArray(stored?.entries)) return [];
    return stored.entries.flatMap((entry: unknown) => {
      const parsed = v.safeParse(entrySchema, entry);
      return parsed.success ? [parsed.output] : [];
    });
  }

  /** Add one entry, dropping the oldest beyond the limit. */
  add(entry: RequestLogEntry): Promise<void> {
    const next = this.queue.then(async () => {
      const entries = [...(await this.entries()), entry].slice(-this.maxEntries);
      await this.area.set(REQUEST_LOG_KEY, { version: 1, entries });
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  clear(): Promise<void> {
    return this.area.set(REQUEST_LOG_KEY, { version: 1, entries: [] });
  }
}
