import { afterEach, describe, expect, it, vi } from "vitest";
import { AbortedError, BusyError, EngineError, ModelNotLoadedError } from "../../shared/protocol/errors";
import type { EngineState } from "../../shared/protocol/status";
import type { GenerateChunk, GenerateOptions, GenerateStats, LlmEngine, LoadOptions } from "../engine";
import { EngineHost, type GenerateRequest, type HostChunk } from "./engine-host";

/** An engine whose generation the test steps by hand, to observe queueing and cancellation exactly. */
class SteppedEngine implements LlmEngine {
  readonly backend = "fake" as const;
  loaded: string | null = null;
  loads = 0;
  failNextGenerate = false;
  loadGate: Promise<void> = Promise.resolve();
  readonly log: string[] = [];

  async load(options: LoadOptions): Promise<void> {
    this.loads += 1;
    await this.loadGate;
    options.onProgress?.({ phase: "fetching", loaded: 1, total: 2 });
    this.loaded = options.modelId;
  }
  generate(options: GenerateOptions): AsyncIterable<GenerateChunk> & { stats(): Promise<GenerateStats> } {
    const label = options.messages.at(-1)?.content ?? "";
    async function* run(self: SteppedEngine): AsyncGenerator<GenerateChunk> {
      self.log.push(`start ${label}`);
      if (self.failNextGenerate) {
        self.failNextGenerate = false;
        throw new EngineError("The engine's worker died.");
      }
      for (let i = 0; i < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (options.signal?.aborted) throw new AbortedError();
        yield { text: `${label}${i} ` };
      }
      self.log.push(`end ${label}`);
    }
    const stats: GenerateStats = { promptTokens: 1, completionTokens: 3, timeToFirstTokenMs: 1, decodeMs: 1, finishReason: "stop" };
    return Object.assign(run(this), { stats: async () => stats });
  }
  async countTokens(text: string) {
    return text.length;
  }
  async countChatTokens() {
    return 0;
  }
  contextSize() {
    return 512;
  }
  info() {
    return this.loaded ? { backend: "fake" as const, modelId: this.loaded, device: "cpu" as const, threads: 1, contextSize: 512, details: {} } : null;
  }
  isLoaded() {
    return this.loaded !== null;
  }
  async unload() {
    this.loaded = null;
  }
}

function makeHost(overrides: { keepAliveMs?: number; model?: string | null } = {}) {
  const engines: SteppedEngine[] = [];
  const states: EngineState[] = [];
  const heartbeat = vi.fn(async () => ({}));
  const host = new EngineHost({
    createEngine: () => {
      const engine = new SteppedEngine();
      engines.push(engine);
      return engine;
    },
    activeModel: async () =>
      overrides.model === null ? null : { modelId: overrides.model ?? "tiny", source: { kind: "url", urls: ["http://127.0.0.1/m.gguf"] } },
    keepAliveMs: () => overrides.keepAliveMs ?? 60_000,
    heartbeat,
    heartbeatIntervalMs: 10,
    onState: (state) => states.push(state),
  });
  return { host, engines, states, heartbeat };
}

const ask = (content: string, ownerTabId: number | null, priority: GenerateRequest["priority"] = "interactive"): GenerateRequest => ({
  messages: [{ role: "user", content }],
  ownerTabId,
  priority,
});

async function text(chunks: AsyncIterable<HostChunk>): Promise<string> {
  let out = "";
  for await (const chunk of chunks) if (chunk.kind === "text") out += chunk.text;
  return out;
}

afterEach(() => vi.useRealTimers());

describe("EngineHost", () => {
  it("loads the active model on first use and streams the answer", async () => {
    const { host, engines } = makeHost();
    expect(host.state()).toEqual({ phase: "idle" });
    expect(await text(host.generate(ask("a", 1), new AbortController().signal))).toBe("a0 a1 a2 ");
    expect(engines[0]?.loads).toBe(1);
    expect(host.state()).toMatchObject({ phase: "ready", info: { modelId: "tiny" } });
  });

  it("runs one job at a time, interactive work before queued batch work, fair across tabs", async () => {
    const { host, engines } = makeHost();
    const signal = new AbortController().signal;
    const runs = [
      text(host.generate(ask("batchA1", 1, "batch"), signal)),
      text(host.generate(ask("batchA2", 1, "batch"), signal)),
      text(host.generate(ask("batchB1", 2, "batch"), signal)),
      text(host.generate(ask("chat", null, "interactive"), signal)),
    ];
    await Promise.all(runs);
    const starts = engines[0]?.log.filter((line) => line.startsWith("start")) ?? [];
    // batchA1 was already running when the others arrived; then the interactive job, then tab 2 before tab 1's second.
    expect(starts).toEqual(["start batchA1", "start chat", "start batchB1", "start batchA2"]);
    const log = engines[0]?.log ?? [];
    for (let i = 0; i < log.length; i += 2) expect(log[i + 1]?.replace("end", "start")).toBe(log[i]);
  });

  it("aborting a running job stops it with AbortedError and the next job still runs", async () => {
    const { host } = makeHost();
    const controller = new AbortController();
    const first = (async () => {
      for await (const chunk of host.generate(ask("x", 1), controller.signal)) if (chunk.kind === "text") controller.abort();
    })();
    const second = text(host.generate(ask("y", 2), new AbortController().signal));
    await expect(first).rejects.toBeInstanceOf(AbortedError);
    expect(await second).toBe("y0 y1 y2 ");
  });

  it("drops a closed tab's queued and running work, and other tabs' work goes on", async () => {
    const { host, engines } = makeHost();
    const signal = new AbortController().signal;
    const settle = (run: Promise<string>) => run.then((value) => value, (error: unknown) => error);
    const running = settle(text(host.generate(ask("t1-run", 1), signal)));
    const queued = settle(text(host.generate(ask("t1-queued", 1), signal)));
    const other = text(host.generate(ask("t2", 2), signal));
    await new Promise((resolve) => setTimeout(resolve, 2));
    host.dropTab(1);
    expect(await running).toBeInstanceOf(AbortedError);
    expect(await queued).toBeInstanceOf(AbortedError);
    expect(await other).toBe("t20 t21 t22 ");
    expect(engines[0]?.log).not.toContain("start t1-queued");
  });

  it("serves ten tabs asking at once, each exactly once, while a closed tab's work is dropped", async () => {
    const { host, engines } = makeHost();
    const runs = Array.from({ length: 10 }, (_, tab) =>
      text(host.generate(ask(`tab${tab}`, tab), new AbortController().signal)).then(
        (value) => value,
        (error: unknown) => error,
      ),
    );
    host.dropTab(7);
    const results = await Promise.all(runs);
    for (const [tab, result] of results.entries()) {
      if (tab === 7) expect(result).toBeInstanceOf(AbortedError);
      else expect(result).toBe(`tab${tab}0 tab${tab}1 tab${tab}2 `);
    }
    const starts = engines[0]?.log.filter((line) => line.startsWith("start")) ?? [];
    expect(starts).toHaveLength(9);
    expect(new Set(starts).size).toBe(9);
    expect(host.state().phase).toBe("ready");
  });

  it("a consumer that stops at its first chunk releases its place, so later jobs still run", async () => {
    const { host } = makeHost();
    const signal = new AbortController().signal;
    for (let i = 0; i < 3; i++) {
      const iterator = host.generate(ask(`walk-away${i}`, i), signal)[Symbol.asyncIterator]();
      expect((await iterator.next()).value).toMatchObject({ kind: "queued" });
      await iterator.return(undefined);
    }
    expect(await text(host.generate(ask("after", 9), signal))).toBe("after0 after1 after2 ");
    expect(host.state().phase).toBe("ready");
  });

  it("publishes the queue length as jobs arrive and leave, so status lines stay current", async () => {
    const { host, states } = makeHost();
    const signal = new AbortController().signal;
    const first = text(host.generate(ask("one", 1), signal));
    const controller = new AbortController();
    const second = text(host.generate(ask("two", 2), controller.signal)).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 2));
    expect(states.at(-1)).toMatchObject({ phase: "generating", queued: 1 });
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(states.at(-1)).toMatchObject({ phase: "generating", queued: 0 });
    await first;
    expect(await second).toBeInstanceOf(AbortedError);
  });

  it("unloads after the keep-alive window and reloads transparently on the next request", async () => {
    const { host, engines, heartbeat } = makeHost({ keepAliveMs: 30 });
    await text(host.generate(ask("a", null), new AbortController().signal));
    expect(host.state().phase).toBe("ready");
    await new Promise((resolve) => setTimeout(resolve, 25));
    expect(heartbeat).toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(host.state()).toEqual({ phase: "idle" });
    const beats = heartbeat.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(heartbeat.mock.calls.length).toBe(beats);
    expect(await text(host.generate(ask("b", null), new AbortController().signal))).toBe("b0 b1 b2 ");
    expect(engines[0]?.loads).toBe(2);
  });

  it("says what to do when no model is available", async () => {
    const { host } = makeHost({ model: null });
    await expect(text(host.generate(ask("a", null), new AbortController().signal))).rejects.toBeInstanceOf(ModelNotLoadedError);
  });

  it("a dying engine fails only the job it was running; the next request works on a fresh engine", async () => {
    const { host, engines } = makeHost();
    await text(host.generate(ask("warm", null), new AbortController().signal));
    const broken = engines[0];
    if (broken) broken.failNextGenerate = true;
    await expect(text(host.generate(ask("a", null), new AbortController().signal))).rejects.toBeInstanceOf(EngineError);
    expect(await text(host.generate(ask("b", null), new AbortController().signal))).toBe("b0 b1 b2 ");
    expect(engines).toHaveLength(2);
  });

  it("refuses to load a second model while one is loading, and reports loading progress", async () => {
    const { host, engines, states } = makeHost();
    let release!: () => void;
    const engine = engines[0];
    if (engine) engine.loadGate = new Promise((resolve) => (release = resolve));
    const first = host.load({ modelId: "one", source: { kind: "url", urls: [] } });
    await expect(host.load({ modelId: "two", source: { kind: "url", urls: [] } })).rejects.toBeInstanceOf(BusyError);
    expect(host.state()).toMatchObject({ phase: "loading", modelId: "one" });
    release();
    await first;
    expect(states.some((s) => s.phase === "loading" && s.total === 2)).toBe(true);
    expect(host.state()).toMatchObject({ phase: "ready", info: { modelId: "one" } });
  });
});
