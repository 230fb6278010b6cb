/**
 * Remembers what each apply grouped, so Undo ungroups exactly that. Kept in a key-value area (storage.session in the
 * add-on) rather than in memory: Firefox suspends the event page 30 s after its last event, and the user may press
 * Undo later than that. Only tab and group ids are stored, never titles or URLs.
 */
import * as v from "valibot";
import type { KeyValueArea } from "../../shared/storage/settings";

/** One tab as an apply left it. */
export interface GroupedTab {
  tabId: number;
  groupId: number;
}

export interface AppliedGrouping {
  token: string;
  windowId: number;
  /** Milliseconds since the epoch. */
  at: number;
  tabs: GroupedTab[];
}

/** The tab as it is now, for deciding what Undo may still touch. */
export interface CurrentTab {
  id: number;
  windowId: number;
  groupId: number;
}

export interface UndoLedgerOptions {
  now?: () => number;
  newToken?: () => string;
  /** Older entries are forgotten; Undo is for the last few actions, not history. */
  maxEntries?: number;
  maxAgeMs?: number;
}

export const UNDO_KEY = "tabGroups.undo";

const entrySchema = v.object({
  token: v.string(),
  windowId: v.number(),
  at: v.number(),
  tabs: v.array(v.object({ tabId: v.number(), groupId: v.number() })),
});

/** Undo bookkeeping over a key-value area; every change is serialized so concurrent applies cannot lose an entry. */
export class UndoLedger {
  private readonly now: () => number;
  private readonly newToken: () => string;
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly area: KeyValueArea,
    options: UndoLedgerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.newToken = options.newToken ?? (() => crypto.randomUUID());
    this.maxEntries = options.maxEntries ?? 10;
    this.maxAgeMs = options.maxAgeMs ?? 60 * 60_000;
  }

  /** Remember what an apply grouped in `windowId`; returns the token that undoes it. */
  record(windowId: number, tabs: readonly GroupedTab[]): Promise<string> {
    return this.serialized(async () => {
      const token = this.newToken();
      const entries = [...(await this.read()), { token, windowId, at: this.now(), tabs: tabs.map((tab) => ({ ...tab })) }];
      await this.area.set(UNDO_KEY, entries.slice(-this.maxEntries));
      return token;
    });
  }

  /**
   * The entry for `token`, left in place; null when unknown or expired. For checking who may undo it before take():
   * a refused caller must not destroy the user's Undo.
   */
  peek(token: string): Promise<AppliedGrouping | null> {
    return this.serialized(async () => (await this.read()).find((candidate) => candidate.token === token) ?? null);
  }

  /** The entry for `token`, removed so it cannot be undone twice; null when unknown or expired. */
  take(token: string): Promise<AppliedGrouping | null> {
    return this.serialized(async () => {
      const entries = await this.read();
      const entry = entries.find((candidate) => candidate.token === token) ?? null;
      await this.area.set(UNDO_KEY, entries.filter((candidate) => candidate !== entry));
      return entry;
    });
  }

  /** Valid, unexpired entries; anything malformed in storage is dropped rather than trusted. */
  private async read(): Promise<AppliedGrouping[]> {
    const stored = await this.area.get(UNDO_KEY);
    if (!Array.isArray(stored)) return [];
    const oldest = this.now() - this.maxAgeMs;
    return stored.flatMap((raw) => {
      const parsed = v.safeParse(entrySchema, raw);
      return parsed.success && parsed.output.at >= oldest ? [parsed.output] : [];
    });
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => {});
    return result;
  }
}

/**
 * The tabs Undo should ungroup: those still in the window and the group the apply put them in. A tab the user has
 * moved to another group or window since, or closed, is left where it is.
 */
export function tabsToUngroup(entry: AppliedGrouping, current: readonly CurrentTab[]): number[] {
  const now = new Map(current.map((tab) => [tab.id, tab]));
  return entry.tabs.flatMap(({ tabId, groupId }) => {
    const tab = now.get(tabId);
    return tab !== undefined && tab.windowId === entry.windowId && tab.groupId === groupId ? [tabId] : [];
  });
}
