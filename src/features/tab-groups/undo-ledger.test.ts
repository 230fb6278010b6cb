import { describe, expect, it } from "vitest";
import type { KeyValueArea } from "../../shared/storage/settings";
import { tabsToUngroup, UNDO_KEY, UndoLedger, type AppliedGrouping } from "./undo-ledger";

/** A storage area that, like storage.session, hands out structured clones rather than the stored objects. */
function memoryArea(): KeyValueArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    async get(key) {
      return structuredClone(data.get(key));
    },
    async set(key, value) {
      data.set(key, structuredClone(value));
    },
  };
}

function ledgerWith(area: KeyValueArea, clock = { now: 1_000 }) {
  let n = 0;
  return new UndoLedger(area, { now: () => clock.now, newToken: () => `token-${++n}`, maxEntries: 3, maxAgeMs: 10_000 });
}

describe("UndoLedger", () => {
  it("returns what an apply recorded, once", async () => {
    const ledger = ledgerWith(memoryArea());
    const token = await ledger.record(4, [{ tabId: 1, groupId: 20 }]);
    expect(await ledger.take(token)).toEqual({ token, windowId: 4, at: 1_000, tabs: [{ tabId: 1, groupId: 20 }] });
    expect(await ledger.take(token)).toBeNull();
  });

  it("peek shows an entry without removing it, so a refused caller leaves Undo to the user", async () => {
    const ledger = ledgerWith(memoryArea());
    const token = await ledger.record(4, [{ tabId: 1, groupId: 20 }]);
    expect((await ledger.peek(token))?.windowId).toBe(4);
    expect((await ledger.peek(token))?.windowId).toBe(4);
    expect(await ledger.take(token)).not.toBeNull();
    expect(await ledger.peek(token)).toBeNull();
    expect(await ledger.peek("unknown")).toBeNull();
  });

  it("survives the event page being suspended: a new ledger on the same area still knows the token", async () => {
    const area = memoryArea();
    const token = await ledgerWith(area).record(4, [{ tabId: 1, groupId: 20 }]);
    expect((await ledgerWith(area).take(token))?.windowId).toBe(4);
  });

  it("keeps concurrent records apart and forgets the oldest beyond its limit", async () => {
    const ledger = ledgerWith(memoryArea());
    const tokens = await Promise.all([1, 2, 3, 4].map((tabId) => ledger.record(1, [{ tabId, groupId: 9 }])));
    expect(new Set(tokens).size).toBe(4);
    expect(await ledger.take(tokens[0] ?? "")).toBeNull();
    for (const token of tokens.slice(1)) expect(await ledger.take(token)).not.toBeNull();
  });

  it("forgets entries older than its age limit", async () => {
    const clock = { now: 1_000 };
    const ledger = ledgerWith(memoryArea(), clock);
    const token = await ledger.record(1, [{ tabId: 1, groupId: 9 }]);
    clock.now += 10_001;
    expect(await ledger.take(token)).toBeNull();
  });

  it("drops malformed stored entries instead of trusting them", async () => {
    const area = memoryArea();
    area.data.set(UNDO_KEY, [{ token: "bad", windowId: "x" }, "junk", { token: "ok", windowId: 2, at: 1_000, tabs: [] }]);
    const ledger = ledgerWith(area);
    expect(await ledger.take("bad")).toBeNull();
    expect(await ledger.take("ok")).toEqual({ token: "ok", windowId: 2, at: 1_000, tabs: [] });
  });
});

describe("tabsToUngroup", () => {
  const entry: AppliedGrouping = {
    token: "t",
    windowId: 1,
    at: 0,
    tabs: [
      { tabId: 1, groupId: 10 },
      { tabId: 2, groupId: 10 },
      { tabId: 3, groupId: 11 },
      { tabId: 4, groupId: 11 },
      { tabId: 5, groupId: 11 },
    ],
  };

  it("ungroups exactly the tabs still where the apply put them", () => {
    const current = [
      { id: 1, windowId: 1, groupId: 10 },
      { id: 2, windowId: 1, groupId: 12 }, // the user moved it to another group
      { id: 3, windowId: 2, groupId: 11 }, // dragged to another window
      { id: 4, windowId: 1, groupId: -1 }, // already ungrouped
      { id: 6, windowId: 1, groupId: 11 }, // joined the group later: not ours to undo
      // tab 5 was closed
    ];
    expect(tabsToUngroup(entry, current)).toEqual([1]);
  });
});
