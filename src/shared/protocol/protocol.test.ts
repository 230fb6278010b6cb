import { describe, expect, it } from "vitest";
import { createClient } from "./client";
import { AbortedError, BusyError, decodeError, encodeError, HearthError, PermissionError, TimeoutError, ValidationError } from "./errors";
import { createLoopbackTransport } from "./loopback";
import { createServer } from "./server";
import type { HearthStatus } from "./status";

const self = { id: "hearth@example.org", origin: "moz-extension://0000-test/" };
const pageSender = { id: self.id, url: `${self.origin}sidebar/index.html` };
const contentSender = {
  id: self.id,
  url: "https://example.org/article",
  frameId: 0,
  tab: { id: 7, windowId: 1, index: 0, highlighted: false, active: true, pinned: false, incognito: false },
} as browser.runtime.MessageSender;

const idle: HearthStatus = { version: "1.2.3", engine: { phase: "idle" } };

function setup(sender: browser.runtime.MessageSender = pageSender) {
  const server = createServer(self);
  const client = createClient(createLoopbackTransport(server, sender));
  return { server, client };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

describe("request/reply", () => {
  it("returns the handler's reply and tells the handler who asked", async () => {
    const { server, client } = setup(contentSender);
    server.handle("hearth/ping", ({ text }, sender) => ({ text: text.toUpperCase(), tabId: sender.tabId, kind: sender.kind, url: sender.url }));
    await expect(client.request("hearth/ping", { text: "hi" })).resolves.toEqual({
      text: "HI",
      tabId: 7,
      kind: "content-script",
      url: "https://example.org/article",
    });
  });

  it("rebuilds the handler's named error class on the caller's side", async () => {
    const { server, client } = setup();
    server.handle("hearth/status", () => {
      throw new BusyError("A model is loading.");
    });
    const failure = client.request("hearth/status", {});
    await expect(failure).rejects.toBeInstanceOf(BusyError);
    await expect(failure).rejects.toThrow("A model is loading.");
  });

  it("rejects a payload of the wrong shape with ValidationError and never calls the handler", async () => {
    const { server } = setup();
    let called = false;
    server.handle("hearth/ping", () => {
      called = true;
      return { text: "", tabId: null, kind: "", url: "" };
    });
    const reply = await server.dispatch({ hearth: "request", type: "hearth/ping", payload: { text: 42 } }, pageSender);
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error.name).toBe("ValidationError");
    expect(called).toBe(false);
  });

  it("refuses unknown types, foreign extensions and senders without a tab that are not our pages", async () => {
    const { server } = setup();
    server.handle("hearth/status", () => idle);
    const ok = { hearth: "request", type: "hearth/status", payload: {} };
    const cases: [unknown, browser.runtime.MessageSender | undefined, string][] = [
      [{ hearth: "request", type: "nope/never", payload: {} }, pageSender, "ValidationError"],
      [ok, { ...pageSender, id: "evil@example.org" }, "PermissionError"],
      [ok, { id: self.id, url: "https://example.org/" }, "PermissionError"],
      [ok, undefined, "PermissionError"],
      ["not an envelope", pageSender, "ValidationError"],
    ];
    for (const [message, sender, name] of cases) {
      const reply = await server.dispatch(message, sender);
      expect(reply).toMatchObject({ ok: false, error: { name } });
    }
  });

  it("applies the per-type sender policy", async () => {
    const server = createServer(self);
    server.handleStream("hearth/watch-status", async function* () {
      yield idle;
    });
    const client = createClient(createLoopbackTransport(server, contentSender));
    await expect(collect(client.stream("hearth/watch-status", {}))).rejects.toBeInstanceOf(PermissionError);
  });
});

describe("request timeouts", () => {
  it("gives up with TimeoutError when the other side never answers", async () => {
    const client = createClient({ sendMessage: () => new Promise(() => {}), connect: () => { throw new Error("unused"); } }, { timeoutMs: 20 });
    await expect(client.request("hearth/status", {})).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe("streams over ports", () => {
  it("delivers every chunk in order, then ends", async () => {
    const { server, client } = setup();
    server.handleStream("hearth/watch-status", async function* () {
      for (let i = 0; i < 10; i++) yield { ...idle, version: String(i) };
    });
    const chunks = await collect(client.stream("hearth/watch-status", {}, { window: 2 }));
    expect(chunks.map((c) => c.version)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  });

  it("lets the consumer set the pace: the producer never runs more than the window ahead", async () => {
    const { server, client } = setup();
    let produced = 0;
    server.handleStream("hearth/watch-status", async function* () {
      for (;;) {
        produced += 1;
        yield idle;
      }
    });
    const iterator = client.stream("hearth/watch-status", {}, { window: 3 })[Symbol.asyncIterator]();
    await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 30));
    // One consumed + three of credit + the one the generator has already computed while waiting.
    expect(produced).toBeLessThanOrEqual(5);
    await iterator.return?.();
  });

  it("cancels the producer when the caller aborts, and the caller sees AbortedError", async () => {
    const { server, client } = setup();
    let producerSignal: AbortSignal | null = null;
    server.handleStream("hearth/watch-status", async function* (_payload, _sender, signal) {
      producerSignal = signal;
      for (;;) {
        yield idle;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    });
    const controller = new AbortController();
    const seen: HearthStatus[] = [];
    const run = (async () => {
      for await (const chunk of client.stream("hearth/watch-status", {}, { signal: controller.signal })) {
        seen.push(chunk);
        if (seen.length === 3) controller.abort();
      }
    })();
    await expect(run).rejects.toBeInstanceOf(AbortedError);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toHaveLength(3);
    expect(producerSignal).not.toBeNull();
    expect((producerSignal as AbortSignal | null)?.aborted).toBe(true);
  });

  it("stops the producer when the consumer breaks out of its loop", async () => {
    const { server, client } = setup();
    let finished = false;
    server.handleStream("hearth/watch-status", async function* (_p, _s, signal) {
      try {
        while (!signal.aborted) {
          yield idle;
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      } finally {
        finished = true;
      }
    });
    for await (const _chunk of client.stream("hearth/watch-status", {})) break;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(finished).toBe(true);
  });

  it("carries a producer's error across as its named class", async () => {
    const { server, client } = setup();
    server.handleStream("hearth/watch-status", async function* () {
      yield idle;
      throw new ValidationError("bad input");
    });
    const seen: HearthStatus[] = [];
    const run = (async () => {
      for await (const chunk of client.stream("hearth/watch-status", {})) seen.push(chunk);
    })();
    await expect(run).rejects.toBeInstanceOf(ValidationError);
    expect(seen).toHaveLength(1);
  });

  it("refuses a chunk that cannot be structured-cloned instead of silently mangling it", async () => {
    const { server, client } = setup();
    server.handleStream("hearth/watch-status", async function* () {
      yield { version: "x", engine: { phase: "idle" }, callback: () => 1 } as unknown as HearthStatus;
    });
    await expect(collect(client.stream("hearth/watch-status", {}))).rejects.toThrow();
  });
});

describe("error encoding", () => {
  it("round-trips every named class and maps DOM AbortError to AbortedError", () => {
    for (const error of [new BusyError("b"), new PermissionError("p"), new AbortedError("a")]) {
      const rebuilt = decodeError(structuredClone(encodeError(error)));
      expect(rebuilt).toBeInstanceOf(error.constructor);
      expect(rebuilt.message).toBe(error.message);
    }
    const domAbort = new DOMException("The operation was aborted.", "AbortError");
    expect(decodeError(encodeError(domAbort))).toBeInstanceOf(AbortedError);
    expect(decodeError({ name: "Whatever<script>", message: "m" }).name).toBe("HearthError");
    for (const inherited of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      expect(decodeError({ name: inherited, message: "m" })).toBeInstanceOf(HearthError);
      expect(encodeError(Object.assign(new Error("m"), { name: inherited })).name).toBe("HearthError");
    }
  });
});
