import { describe, expect, it } from "vitest";
import { batchByBudget, orderVisibleFirst, takeBatch } from "./batching";

const unit = (source: string, visible = false) => ({ source, visible });
// One token per character keeps the arithmetic in these tests visible.
const limits = { tokenBudget: 20, countTokens: (text: string) => text.length, overheadPerSegment: 0 };

describe("orderVisibleFirst", () => {
  it("puts visible units first and keeps document order within each group", () => {
    const units = [unit("a"), unit("b", true), unit("c"), unit("d", true), unit("e")];
    expect(orderVisibleFirst(units, (u) => u.visible).map((u) => u.source)).toEqual(["b", "d", "a", "c", "e"]);
  });
});

describe("takeBatch / batchByBudget", () => {
  it("fills each batch up to the token budget without going over", () => {
    const units = ["aaaaaaaa", "bbbbbbbb", "cccccc", "dddd", "eeeeeeeeeeeeeeeeee"].map((s) => unit(s));
    const batches = batchByBudget(units, limits).map((batch) => batch.map((u) => u.source.length));
    expect(batches).toEqual([[8, 8], [6, 4], [18]]);
    for (const batch of batches) expect(batch.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(20);
  });

  it("sends a unit larger than the budget alone rather than never", () => {
    const batches = batchByBudget([unit("x".repeat(50)), unit("y")], limits);
    expect(batches.map((batch) => batch.length)).toEqual([1, 1]);
  });

  it("counts the per-segment overhead and the segment limit", () => {
    const units = ["aaaa", "bbbb", "cccc", "dddd"].map((s) => unit(s));
    expect(batchByBudget(units, { ...limits, overheadPerSegment: 6 }).map((b) => b.length)).toEqual([2, 2]);
    expect(batchByBudget(units, { ...limits, tokenBudget: 1000, maxSegments: 3 }).map((b) => b.length)).toEqual([3, 1]);
  });

  it("lets repeats of a source already in the batch ride along for free", () => {
    const queue = ["Reply", "Share", "Reply", "Reply", "Report abuse now", "Share"].map((s) => unit(s));
    const batch = takeBatch(queue, { ...limits, tokenBudget: 10 });
    expect(batch.map((u) => u.source)).toEqual(["Reply", "Share", "Reply", "Reply"]);
    expect(queue.map((u) => u.source)).toEqual(["Report abuse now", "Share"]);
  });
});
