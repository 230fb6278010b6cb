import { describe, expect, it } from "vitest";
import { RateLimitError } from "../shared/protocol/errors";
import type { SenderContext } from "../shared/protocol/sender";
import { createTabRateLimit } from "./rate-limit";

const tab = (tabId: number, kind: SenderContext["kind"] = "content-script"): SenderContext => ({
  kind,
  tabId,
  windowId: 1,
  frameId: 0,
  url: "https://example.org/",
  incognito: false,
});

describe("createTabRateLimit", () => {
  it("allows a burst, refuses the next, refills over time, and keeps tabs apart", () => {
    let time = 0;
    const gate = createTabRateLimit({ burst: 3, perSecond: 2, now: () => time });
    for (let i = 0; i < 3; i++) gate("x", tab(1));
    expect(() => gate("x", tab(1))).toThrow(RateLimitError);
    gate("x", tab(2));
    time = 500;
    gate("x", tab(1));
    expect(() => gate("x", tab(1))).toThrow(RateLimitError);
  });

  it("never limits Hearth's own pages", () => {
    const gate = createTabRateLimit({ burst: 1, perSecond: 0.001, now: () => 0 });
    expect(() => {
      for (let i = 0; i < 50; i++) gate("x", tab(1, "extension-page"));
    }).not.toThrow();
  });
});
