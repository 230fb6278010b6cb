import { describe, expect, it } from "vitest";
import { PermissionError } from "../../shared/protocol/errors";
import { assertWindowAccess } from "./window-access";

const views = new Set([3]);
const hasView = (windowId: number) => views.has(windowId);

describe("assertWindowAccess", () => {
  it("lets a page opened as a tab act on its own window only", () => {
    expect(() => assertWindowAccess({ tabId: 10, windowId: 1 }, 1, hasView)).not.toThrow();
    expect(() => assertWindowAccess({ tabId: 10, windowId: 1 }, 2, hasView)).toThrow(PermissionError);
    // Even a window that has Hearth's popup open is not a tab page's to touch.
    expect(() => assertWindowAccess({ tabId: 10, windowId: 1 }, 3, hasView)).toThrow(PermissionError);
  });

  it("lets the popup or sidebar act on a window only while one of them is open in it", () => {
    expect(() => assertWindowAccess({ tabId: null, windowId: null }, 3, hasView)).not.toThrow();
    expect(() => assertWindowAccess({ tabId: null, windowId: null }, 4, hasView)).toThrow(PermissionError);
  });
});
