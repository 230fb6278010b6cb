import { afterEach, describe, expect, it, vi } from "vitest";
import { AbortedError, EngineError, ModelNotLoadedError, OutOfMemoryError } from "../../shared/protocol/errors";
import type { GenerateChunk, GenerateOptions, LoadProgress } from "../engine";
import { echoLastUserMessage, FakeEngine } from "./fake-engine";
import { fakeChatTokenCount } from "./fake-text";

const user = (content: string) => [{ role: "user" as const, content }];

async function loaded(engine: FakeEngine, contextSize?: number): Promise<FakeEngine> {
  await engine.load({ modelId: "fake-model", source: { kind: "named", name: "fake" }, contextSize });
  return engine;
}

async function collect(stream: AsyncIterable<GenerateChunk>): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of stream) chunks.push(chunk.text);
  return chunks;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("FakeEngine before a model is loaded", () => {
  it("refuses to generate or count, like a real engine", async () => {
    const engine = new FakeEngine();
    expect(engine.isLoaded()).toBe(false);
    expect(engine.info()).toBeNull();
    expect(engine.contextSize()).toBe(0);
    const stream = engine.generate({ messages: user("hi") });
    await expect(collect(stream)).rejects.toBeInstanceOf(ModelNotLoadedError);
    await expect(stream.stats()).rejects.toBeInstanceOf(ModelNotLoadedError);
    await expect(engine.countTokens("hi")).rejects.toBeInstanceOf(ModelNotLoadedError);
  });
});

describe("FakeEngine.load", () => {
  it("reports progress, then info() describes the model", async () => {
    const progress: LoadProgress[] = [];
    const engine = new FakeEngine();
    await engine.load({ modelId: "m1", source: { kind: "named", name: "x" }, contextSize: 1024, onProgress: (p) => progress.push(p) });
    expect(progress.at(-1)).toEqual({ phase: "initializing", loaded: 2, total: 2 });
    expect(progress[0]?.phase).toBe("fetching");
    expect(engine.info()).toEqual({ backend: "fake", modelId: "m1", device: "cpu", threads: 1, contextSize: 1024, details: { scripted: false } });
    expect(engine.contextSize()).toBe(1024);
  });

  it("rejects with the configured error and stays unloaded", async () => {
    const engine = new FakeEngine({ loadError: new OutOfMemoryError("too big") });
    await expect(loaded(engine)).rejects.toBeInstanceOf(OutOfMemoryError);
    expect(engine.isLoaded()).toBe(false);
  });

  it("stops a slow load when aborted", async () => {
    const engine = new FakeEngine({ loadDelayMs: 10_000 });
    const controller = new AbortController();
    const load = engine.load({ modelId: "m", source: { kind: "named", name: "x" }, signal: controller.signal });
    controller.abort();
    await expect(load).rejects.toBeInstanceOf(AbortedError);
    expect(engine.isLoaded()).toBe(false);
  });

  it("unload() forgets the model", async () => {
    const engine = await loaded(new FakeEngine());
    await engine.unload();
    expect(engine.isLoaded()).toBe(false);
    expect(engine.info()).toBeNull();
  });
});

describe("FakeEngine.generate", () => {
  it("echoes the last user message word by word by default", async () => {
    const engine = await loaded(new FakeEngine());
    const messages = [
      { role: "user" as const, content: "first" },
      { role: "assistant" as const, content: "ok" },
      { role: "user" as const, content: "Tell me more" },
    ];
    expect(await collect(engine.generate({ messages }))).toEqual(["[fake] ", "Tell ", "me ", "more"]);
    expect(echoLastUserMessage([])).toBe("[fake] ");
  });

  it("uses a reply function of the messages and records each request", async () => {
    const engine = await loaded(new FakeEngine({ script: (messages) => messages.map((m) => m.content.toUpperCase()).join(" | ") }));
    const request: GenerateOptions = { messages: user("bonjour"), temperature: 0, maxTokens: 50 };
    expect((await collect(engine.generate(request))).join("")).toBe("BONJOUR");
    expect(engine.requests).toEqual([request]);
    expect(engine.requests[0]).not.toBe(request);
  });

  it("plays a queue of replies in order and fails loudly when it runs out", async () => {
    const engine = await loaded(new FakeEngine({ script: ["one", { chunks: ["t", "w", "o"] }, new OutOfMemoryError("boom")] }));
    expect(await collect(engine.generate({ messages: user("a") }))).toEqual(["one"]);
    expect(await collect(engine.generate({ messages: user("b") }))).toEqual(["t", "w", "o"]);
    await expect(collect(engine.generate({ messages: user("c") }))).rejects.toBeInstanceOf(OutOfMemoryError);
    await expect(collect(engine.generate({ messages: user("d") }))).rejects.toBeInstanceOf(EngineError);
  });

  it("is deterministic: the same request streams the same chunks", async () => {
    const engine = await loaded(new FakeEngine({ script: (m) => `Reply about ${m[0]?.content} with several words` }));
    const first = await collect(engine.generate({ messages: user("cats") }));
    const second = await collect(engine.generate({ messages: user("cats") }));
    expect(second).toEqual(first);
    expect(first.length).toBe(6);
  });

  it("cuts at a stop sequence (not included) and reports stop", async () => {
    const engine = await loaded(new FakeEngine({ script: () => "Answer: yes.\nUser: more?" }));
    const stream = engine.generate({ messages: user("q"), stop: ["\nUser:"] });
    expect((await collect(stream)).join("")).toBe("Answer: yes.");
    expect((await stream.stats()).finishReason).toBe("stop");
  });

  it("stops at maxTokens (4 characters each) and reports length", async () => {
    const engine = await loaded(new FakeEngine({ script: () => "abcdefghijklmnop" }));
    const stream = engine.generate({ messages: user("q"), maxTokens: 3 });
    expect((await collect(stream)).join("")).toBe("abcdefghijkl");
    const stats = await stream.stats();
    expect(stats.finishReason).toBe("length");
    expect(stats.completionTokens).toBe(3);
  });

  it("keeps scripted chunk boundaries when maxTokens cuts them", async () => {
    const engine = await loaded(new FakeEngine({ script: [{ chunks: ["ab", "cdef", "gh"] }] }));
    expect(await collect(engine.generate({ messages: user("q"), maxTokens: 1 }))).toEqual(["ab", "cd"]);
  });

  it("reports prompt and completion tokens and timings from its clock", async () => {
    let clock = 100;
    const engine = await loaded(new FakeEngine({ script: () => "one two three", now: () => (clock += 10) }));
    const messages = user("count me");
    const stream = engine.generate({ messages });
    await collect(stream);
    const stats = await stream.stats();
    expect(stats.promptTokens).toBe(fakeChatTokenCount(messages));
    expect(stats.promptTokens).toBe(await engine.countChatTokens(messages));
    expect(stats.completionTokens).toBe(4); // "one two three" is 13 characters
    // Clock reads: start 110, first token 120, end 130.
    expect(stats.timeToFirstTokenMs).toBe(10);
    expect(stats.decodeMs).toBe(10);
  });

  it("waits chunkDelayMs before each chunk", async () => {
    vi.useFakeTimers();
    const engine = await loaded(new FakeEngine({ script: () => "a b c", chunkDelayMs: 100 }));
    const iterator = engine.generate({ messages: user("q") })[Symbol.asyncIterator]();
    const first = iterator.next();
    let settled = false;
    void first.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(99);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await first).value).toEqual({ text: "a " });
  });
});

describe("FakeEngine and AbortSignal", () => {
  it("ends the stream with AbortedError when aborted mid-stream; stats say aborted", async () => {
    const engine = await loaded(new FakeEngine({ script: () => "one two three four five", chunkDelayMs: 1 }));
    const controller = new AbortController();
    const stream = engine.generate({ messages: user("q"), signal: controller.signal });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) {
          seen.push(chunk.text);
          if (seen.length === 2) controller.abort();
        }
      })(),
    ).rejects.toBeInstanceOf(AbortedError);
    expect(seen).toEqual(["one ", "two "]);
    const stats = await stream.stats();
    expect(stats.finishReason).toBe("aborted");
    expect(stats.completionTokens).toBe(2); // "one two " is 8 characters
  });

  it("interrupts a long chunk delay at once", async () => {
    const engine = await loaded(new FakeEngine({ script: () => "slow", chunkDelayMs: 60_000 }));
    const controller = new AbortController();
    const pending = collect(engine.generate({ messages: user("q"), signal: controller.signal }));
    setTimeout(() => controller.abort(), 5);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
  });

  it("does not start when the signal is already aborted", async () => {
    const engine = await loaded(new FakeEngine({ script: ["never"] }));
    const stream = engine.generate({ messages: user("q"), signal: AbortSignal.abort() });
    await expect(collect(stream)).rejects.toBeInstanceOf(AbortedError);
    expect((await stream.stats()).completionTokens).toBe(0);
  });

  it("treats a consumer that stops reading as an abort", async () => {
    const engine = await loaded(new FakeEngine({ script: () => "a b c d" }));
    const stream = engine.generate({ messages: user("q") });
    for await (const chunk of stream) {
      expect(chunk.text).toBe("a ");
      break;
    }
    expect((await stream.stats()).finishReason).toBe("aborted");
  });

  it("fails a running stream when the model is unloaded", async () => {
    const engine = await loaded(new FakeEngine({ script: () => "a b c", chunkDelayMs: 1 }));
    const stream = engine.generate({ messages: user("q") });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) {
          seen.push(chunk.text);
          await engine.unload();
        }
      })(),
    ).rejects.toBeInstanceOf(ModelNotLoadedError);
    expect(seen).toEqual(["a "]);
  });
});

describe("FakeEngine token counting", () => {
  it("counts about four characters per token", async () => {
    const engine = await loaded(new FakeEngine());
    expect(await engine.countTokens("")).toBe(0);
    expect(await engine.countTokens("abcd")).toBe(1);
    expect(await engine.countTokens("abcde")).toBe(2);
  });
});
