// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { PendingUnits } from "./pending-units";
import { segment, segmentRunAround } from "./segment";

describe("PendingUnits", () => {
  it("recognises the same run segmented twice, and forgets it once written", () => {
    document.body.innerHTML = `<p>Some <b>bold</b> words</p>`;
    const pending = new PendingUnits();
    const [walked] = segment(document.body);
    const bold = document.querySelector("b");
    if (!walked || !bold) throw new Error("fixture");
    const [followed] = segmentRunAround(bold);
    if (!followed) throw new Error("no unit");
    expect(pending.add(walked)).toBe(true);
    expect(pending.add(followed)).toBe(false);
    pending.delete(walked);
    expect(pending.add(followed)).toBe(true);
  });

  it("treats a run that lost a node as a different unit even when its text is the same", () => {
    document.body.innerHTML = `<p>Same words<!-- note --> here</p>`;
    const pending = new PendingUnits();
    const [before] = segment(document.body);
    document.querySelector("p")?.childNodes[1]?.remove();
    const [after] = segment(document.body);
    if (!before || !after) throw new Error("fixture");
    expect(after.source).toBe(before.source);
    expect(pending.add(before)).toBe(true);
    expect(pending.add(after)).toBe(true);
  });

  it("keys attribute units by element, name and value", () => {
    document.body.innerHTML = `<img alt="A photo" title="A photo">`;
    const pending = new PendingUnits();
    const units = segment(document.body);
    expect(units).toHaveLength(2);
    expect(units.map((unit) => pending.add(unit))).toEqual([true, true]);
    const [again] = segment(document.body);
    if (!again) throw new Error("fixture");
    expect(pending.add(again)).toBe(false);
  });
});
