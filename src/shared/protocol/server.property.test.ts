import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createServer } from "./server";

const self = { id: "hearth@example.org", origin: "moz-extension://0000-test/" };
const contentSender = {
  id: self.id,
  url: "https://hostile.example/",
  frameId: 0,
  tab: { id: 3, windowId: 1, index: 0, highlighted: false, active: true, pinned: false, incognito: false },
} as browser.runtime.MessageSender;

/** Any JSON-like value a hostile page could make its way into a message. */
const junk = fc.anything({ withBigInt: false, withMap: false, withSet: false, withTypedArray: false, withDate: false });

describe("the background's protocol server under malformed messages", () => {
  it("answers every malformed request with a named refusal, never throws, never runs a handler", async () => {
    const server = createServer(self);
    let calls = 0;
    server.handle("engine/count-tokens", () => {
      calls += 1;
      return 1;
    });
    server.handle("hearth/ping", () => {
      calls += 1;
      return { text: "", tabId: null, kind: "", url: "" };
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          junk,
          fc.record({ hearth: fc.constant("request"), type: fc.constantFrom("engine/count-tokens", "hearth/ping", "nope"), payload: junk }),
          fc.record({ hearth: junk, type: junk, payload: junk }),
        ),
        async (message) => {
          const reply = await server.dispatch(message, contentSender);
          if (reply.ok) {
            // Only a well-formed payload may get through; check the one the handler would have seen.
            const payload = (message as { payload: unknown }).payload as Record<string, unknown>;
            expect(typeof payload.text).toBe("string");
            expect(Object.keys(payload)).toEqual(["text"]);
          } else {
            expect(["ValidationError", "PermissionError", "RateLimitError"]).toContain(reply.error.name);
          }
        },
      ),
      { numRuns: 500 },
    );
    expect(calls).toBeLessThan(500);
  });

  it("refuses stream start messages of any malformed shape without crashing", async () => {
    const server = createServer(self);
    await fc.assert(
      fc.asyncProperty(junk, async (message) => {
        const sent: object[] = [];
        let onMessage: ((message: object) => void) | null = null;
        server.accept({
          name: "hearth/stream",
          sender: contentSender,
          postMessage: (m: object) => void sent.push(m),
          disconnect: () => {},
          onMessage: { addListener: (listener: (message: object) => void) => void (onMessage = listener) },
          onDisconnect: { addListener: () => {} },
        });
        (onMessage as ((message: object) => void) | null)?.(message as object);
        await new Promise((resolve) => setTimeout(resolve, 0));
        for (const reply of sent) expect((reply as { kind: string }).kind).not.toBe("chunk");
      }),
      { numRuns: 300 },
    );
  });
});
