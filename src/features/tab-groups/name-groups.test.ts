import { describe, expect, it } from "vitest";
import type { EngineInfo } from "../../engine/engine";
import { FakeEngine, type FakeReply } from "../../engine/fake/fake-engine";
import { EngineHost, type GenerateRequest } from "../../engine/host/engine-host";
import { AbortedError, EngineError } from "../../shared/protocol/errors";
import { fitGroupNamePrompt, nameGroups, type NamingHost } from "./name-groups";
import type { NameGroupsChunk } from "./protocol";

async function hostWith(replies: FakeReply[], loaded = true): Promise<{ host: EngineHost; prompts: string[] }> {
  const prompts: string[] = [];
  const engine = new FakeEngine({
    script: (messages) => {
      prompts.push(messages.map((m) => m.content).join("\n"));
      return replies.shift() ?? new Error("no more scripted replies");
    },
  });
  const host = new EngineHost({
    createEngine: () => engine,
    activeModel: async () => ({ modelId: "scripted", source: { kind: "url", urls: ["http://127.0.0.1/x.gguf"] } }),
    keepAliveMs: () => 60_000,
    heartbeat: async () => {},
    onState: () => {},
  });
  if (loaded) await host.load({ modelId: "scripted", source: { kind: "url", urls: ["http://127.0.0.1/x.gguf"] } });
  return { host, prompts };
}

async function collect(stream: AsyncIterable<NameGroupsChunk>): Promise<NameGroupsChunk[]> {
  const chunks: NameGroupsChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const groups = [
  { titles: ["Rome hotels near the Colosseum", "Vatican museums tickets"], keywords: ["Rome", "Hotels"] },
  { titles: ["Sourdough starter guide", "Sourdough hydration"], keywords: ["Sourdough"] },
  { titles: ["Rust borrow checker", "Rust lifetimes"], keywords: ["Rust"] },
];

describe("nameGroups", () => {
  it("uses a good answer and keeps the key-word name for unusable ones, saying why", async () => {
    const { host, prompts } = await hostWith(["Rome Trip", '"Bread"', "Here is a name for these tabs"]);
    const chunks = await collect(nameGroups(host, groups, "en", new AbortController().signal));
    expect(chunks).toEqual([
      { kind: "started" },
      { kind: "named", index: 0, name: "Rome Trip" },
      { kind: "kept", index: 1, reason: "quotes" },
      { kind: "kept", index: 2, reason: "chatter" },
    ]);
    // Each group's own titles reach its prompt, and no other group's.
    expect(prompts[0]).toContain("Vatican museums tickets");
    expect(prompts[0]).not.toContain("Sourdough");
  });

  it("says no-model and never loads one when none is loaded", async () => {
    const { host, prompts } = await hostWith(["Rome Trip"], false);
    expect(await collect(nameGroups(host, groups, "en", new AbortController().signal))).toEqual([{ kind: "no-model" }]);
    expect(prompts).toEqual([]);
    expect(host.info()).toBeNull();
  });

  it("keeps key-word names for this group and the rest when the engine fails", async () => {
    const { host } = await hostWith(["Rome Trip", new EngineError("worker died")]);
    const chunks = await collect(nameGroups(host, groups, "en", new AbortController().signal));
    expect(chunks).toEqual([
      { kind: "started" },
      { kind: "named", index: 0, name: "Rome Trip" },
      { kind: "kept", index: 1, reason: "failed" },
      { kind: "kept", index: 2, reason: "failed" },
    ]);
  });

  it("asks for an interactive job owned by no tab, and stops with AbortedError when the popup goes away", async () => {
    const requests: GenerateRequest[] = [];
    const controller = new AbortController();
    const info: EngineInfo = { backend: "fake", modelId: "m", device: "cpu", threads: 1, contextSize: 512, details: {} };
    const host: NamingHost = {
      info: () => info,
      async *generate(request) {
        requests.push(request);
        yield { kind: "text", text: "Rome Trip" };
        controller.abort();
      },
    };
    const seen: NameGroupsChunk[] = [];
    await expect(
      (async () => {
        for await (const chunk of nameGroups(host, groups, "de", controller.signal)) seen.push(chunk);
      })(),
    ).rejects.toBeInstanceOf(AbortedError);
    expect(seen).toEqual([{ kind: "started" }, { kind: "named", index: 0, name: "Rome Trip" }]);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ ownerTabId: null, priority: "interactive", maxTokens: 16, temperature: 0 });
    expect(requests[0]?.messages[0]?.content).toContain("German");
  });
});

describe("fitGroupNamePrompt", () => {
  const many = {
    titles: Array.from({ length: 8 }, (_, i) => `A fairly long tab title about Rome hotels and museums, number ${i}`),
    keywords: ["Rome"],
  };
  const bytesOf = (prompt: { messages: { content: string }[] }) =>
    prompt.messages.reduce((sum, m) => sum + new TextEncoder().encode(m.content).length, 0);

  it("keeps every title when the context is roomy", () => {
    const prompt = fitGroupNamePrompt(many, "en", 4096);
    expect(prompt?.messages[1]?.content).toContain("number 7");
  });

  it("drops titles from the end until the prompt surely fits a small context", () => {
    const prompt = fitGroupNamePrompt(many, "en", 512);
    if (!prompt) throw new Error("expected a prompt");
    expect(prompt.messages[1]?.content).toContain("number 0");
    expect(prompt.messages[1]?.content).not.toContain("number 7");
    expect(bytesOf(prompt) + 32 + prompt.maxTokens).toBeLessThanOrEqual(512);
    // One more title would not have fit.
    const titles = (prompt.messages[1]?.content.match(/^- /gm) ?? []).length;
    const bigger = fitGroupNamePrompt({ ...many, titles: many.titles.slice(0, titles + 1) }, "en", 512);
    expect(bigger?.messages[1]?.content.match(/^- /gm)?.length).toBe(titles);
  });

  it("gives up when not even one title fits, and the stream says so instead of overflowing the model", async () => {
    expect(fitGroupNamePrompt(many, "en", 200)).toBeNull();
    const info: EngineInfo = { backend: "fake", modelId: "m", device: "cpu", threads: 1, contextSize: 200, details: {} };
    let generated = 0;
    const host: NamingHost = {
      info: () => info,
      async *generate() {
        generated++;
        yield { kind: "text", text: "Rome" };
      },
    };
    expect(await collect(nameGroups(host, [many], "en", new AbortController().signal))).toEqual([
      { kind: "started" },
      { kind: "kept", index: 0, reason: "no-room" },
    ]);
    expect(generated).toBe(0);
  });
});
