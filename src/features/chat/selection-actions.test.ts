import { describe, expect, it } from "vitest";
import { actionMessage, pendingActionFor, pendingActionForWindow, PENDING_ACTION_TTL_MS, quoteSelection } from "./selection-actions";

const leadIn = { explain: "Explain this:", rewrite: "Rewrite this:", ask: "About this:" };

describe("pendingActionFor", () => {
  it("keeps the trimmed selection and where it came from; nothing for an empty selection", () => {
    expect(pendingActionFor("explain", "  word \n", 3, 1000, "id1")).toEqual({ id: "id1", action: "explain", text: "word", windowId: 3, createdAt: 1000 });
    expect(pendingActionFor("ask", "   ", 3, 1000, "id2")).toBeNull();
    expect(pendingActionFor("ask", undefined, 3, 1000, "id3")).toBeNull();
  });
});

describe("pendingActionForWindow", () => {
  const pending = { id: "a", action: "rewrite", text: "x", windowId: 7, createdAt: 10_000 };

  it("is taken by the chat of the window the click came from, while fresh", () => {
    expect(pendingActionForWindow(pending, 7, 11_000)).toEqual(pending);
    expect(pendingActionForWindow(pending, 8, 11_000)).toBeNull();
    expect(pendingActionForWindow(pending, 7, 10_000 + PENDING_ACTION_TTL_MS + 1)).toBeNull();
    expect(pendingActionForWindow({ ...pending, windowId: null }, 8, 11_000)).not.toBeNull();
  });

  it("ignores anything that is not a well-formed action", () => {
    for (const bad of [undefined, null, "x", { ...pending, action: "delete-everything" }, { ...pending, text: "" }, { ...pending, extra: 1 }]) {
      expect(pendingActionForWindow(bad, 7, 11_000)).toBeNull();
    }
  });
});

describe("actionMessage", () => {
  it("sends Explain and Rewrite at once, with the selection quoted", () => {
    expect(actionMessage({ action: "explain", text: "Line one\n\nLine two" }, leadIn)).toEqual({
      send: true,
      text: "Explain this:\n\n> Line one\n>\n> Line two",
    });
    expect(actionMessage({ action: "rewrite", text: "x" }, leadIn).send).toBe(true);
  });

  it("puts Ask about this in the message box, ready for the question", () => {
    expect(actionMessage({ action: "ask", text: "x" }, leadIn)).toEqual({ send: false, text: "About this:\n\n> x\n\n" });
  });

  it("quotes every line so a selection cannot end the quote", () => {
    expect(quoteSelection("a\n# not a heading\n")).toBe("> a\n> # not a heading");
  });
});
