import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { approximateTokenCount } from "../../features/summarize/approx-tokens";
import { AbortedError, LocalServerError } from "../../shared/protocol/errors";
import type { GenerateChunk, GenerateOptions, LoadOptions } from "../engine";
import { LocalServerEngine, listLocalServerModels } from "./local-server-engine";
import { contentChunk, sseEvents, startTestServer, type TestServer, writeSlowly } from "../../../tests/fixtures/local-server/openai-test-server";

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(routes: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const server = await startTestServer(routes);
  servers.push(server);
  return server;
}

const modelList = (...ids: string[]) => JSON.stringify({ object: "list", data: ids.map((id) => ({ id, object: "model" })) });
const json = (body: string) => (_req: unknown, res: ServerResponse) => {
  res.writeHead(200, { "content-type": "application/json" }).end(body);
};
const named = (name: string): LoadOptions => ({ modelId: `local:${name}`, source: { kind: "named", name } });
const ask: GenerateOptions = { messages: [{ role: "user", content: "Say hello" }] };

async function readAll(stream: AsyncIterable<GenerateChunk>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of stream) out.push(chunk.text);
  return out;
}

describe("LocalServerEngine", () => {
  it("streams exactly the text the server sent, multi-byte characters split across network chunks included", async () => {
    const pieces = ["Grüße, ", "世界", " 👋🏽", " — ok"];
    const wire = Buffer.from(sseEvents(pieces, { prompt: 11, completion: 4 }), "utf8");
    // Cut the bytes every 3 bytes so most multi-byte characters straddle two writes.
    const cuts: Uint8Array[] = [];
    for (let i = 0; i < wire.length; i += 3) cuts.push(wire.subarray(i, i + 3));
    const server = await serve({
      "GET /v1/models": json(modelList("tiny")),
      "POST /v1/chat/completions": (_req, res) => writeSlowly(res, cuts, 1),
    });
    const engine = new LocalServerEngine({ baseUrl: server.url });
    await engine.load(named("tiny"));
    const stream = engine.generate({ ...ask, maxTokens: 32, temperature: 0, stop: ["\n\n"] });
    const chunks = await readAll(stream);

    expect(chunks.join("")).toBe(pieces.join(""));
    for (const chunk of chunks) expect(chunk).not.toMatch(/\uFFFD/);
    const stats = await stream.stats();
    expect(stats).toMatchObject({ promptTokens: 11, completionTokens: 4, finishReason: "stop" });
    const sent = JSON.parse(server.requests.find((r) => r.path === "/v1/chat/completions")?.body ?? "{}") as Record<string, unknown>;
    expect(sent).toMatchObject({ model: "tiny", stream: true, max_tokens: 32, temperature: 0, stop: ["\n\n"] });
    expect(sent.messages).toEqual(ask.messages);
  });

  it("reports finish 'length' and counts chunks when the server sends no usage", async () => {
    const wire = `data: ${contentChunk("a")}\n\ndata: ${contentChunk("b")}\n\ndata: ${contentChunk("", "length")}\n\ndata: [DONE]\n\n`;
    const server = await serve({
      "GET /v1/models": json(modelList("tiny")),
      "POST /v1/chat/completions": (_req, res) => writeSlowly(res, [wire]),
    });
    const engine = new LocalServerEngine({ baseUrl: server.url });
    await engine.load(named("tiny"));
    const stream = engine.generate(ask);
    expect((await readAll(stream)).join("")).toBe("ab");
    expect(await stream.stats()).toMatchObject({ completionTokens: 2, finishReason: "length" });
  });

  it("aborting mid-stream ends the iterable with AbortedError and closes the request", async () => {
    const server = await serve({
      "GET /v1/models": json(modelList("tiny")),
      "POST /v1/chat/completions": async (_req, res) => {
        const endless = Array.from({ length: 2000 }, (_, i) => `data: ${contentChunk(`t${i} `)}\n\n`);
        await writeSlowly(res, endless, 10);
      },
    });
    const engine = new LocalServerEngine({ baseUrl: server.url });
    await engine.load(named("tiny"));
    const controller = new AbortController();
    const stream = engine.generate({ ...ask, signal: controller.signal });
    const received: string[] = [];
    const reading = (async () => {
      for await (const chunk of stream) {
        received.push(chunk.text);
        if (received.length === 3) controller.abort();
      }
    })();
    await expect(reading).rejects.toBeInstanceOf(AbortedError);
    await server.clientGone;
    expect(received).toEqual(["t0 ", "t1 ", "t2 "]);
    expect((await stream.stats()).finishReason).toBe("aborted");
  });

  it("explains a 403 with how to let Ollama trust the add-on", async () => {
    const server = await serve({
      "GET /v1/models": (_req, res) => void res.writeHead(403).end(),
    });
    const engine = new LocalServerEngine({ baseUrl: server.url });
    const failure = engine.load(named("llama3.2"));
    await expect(failure).rejects.toBeInstanceOf(LocalServerError);
    await expect(failure).rejects.toThrow(/OLLAMA_ORIGINS=moz-extension:\/\/\* .*restart Ollama/);
  });

  it("passes on the server's own message for other HTTP errors", async () => {
    const server = await serve({
      "GET /v1/models": json(modelList("tiny")),
      "POST /v1/chat/completions": (_req, res) =>
        void res
          .writeHead(400, { "content-type": "application/json" })
          .end(JSON.stringify({ error: { message: "the request exceeds the available context size", type: "exceed_context_size_error" } })),
    });
    const engine = new LocalServerEngine({ baseUrl: server.url });
    await engine.load(named("tiny"));
    await expect(readAll(engine.generate(ask))).rejects.toThrow(
      `The local server at ${server.url} answered 400 Bad Request: the request exceeds the available context size`,
    );
  });

  it("raises the server's error when it stops the stream with an error event", async () => {
    const wire = `data: ${contentChunk("partial")}\n\ndata: ${JSON.stringify({ error: { message: "slot unavailable" } })}\n\n`;
    const server = await serve({
      "GET /v1/models": json(modelList("tiny")),
      "POST /v1/chat/completions": (_req, res) => writeSlowly(res, [wire]),
    });
    const engine = new LocalServerEngine({ baseUrl: server.url });
    await engine.load(named("tiny"));
    const stream = engine.generate(ask);
    await expect(readAll(stream)).rejects.toThrow(/slot unavailable/);
    await expect(stream.stats()).rejects.toThrow(/slot unavailable/);
  });

  it("says the server is not running when nothing listens at the address", async () => {
    const server = await serve({});
    const url = server.url;
    await server.close();
    const engine = new LocalServerEngine({ baseUrl: url });
    await expect(engine.load(named("tiny"))).rejects.toThrow(`The local server at ${url} is not running: start llamafile/Ollama`);
  });

  it("refuses a non-loopback address before making any request", async () => {
    const calls: string[] = [];
    const spy = async (input: string) => {
      calls.push(input);
      return new Response("{}");
    };
    for (const baseUrl of ["http://192.168.1.20:11434", "http://localhost@example.com:8080", "https://api.example.com/v1"]) {
      const engine = new LocalServerEngine({ baseUrl, fetch: spy });
      await expect(engine.load(named("tiny"))).rejects.toBeInstanceOf(LocalServerError);
      await expect(engine.listModels()).rejects.toBeInstanceOf(LocalServerError);
      await expect(listLocalServerModels(baseUrl, spy)).rejects.toThrow(/only talks to a server on this computer/);
    }
    expect(calls).toEqual([]);
  });

  it("lists the server's models and refuses a model it does not have", async () => {
    const server = await serve({ "GET /v1/models": json(modelList("llama3.2:1b", "qwen2.5:0.5b")) });
    expect(await listLocalServerModels(server.url)).toEqual(["llama3.2:1b", "qwen2.5:0.5b"]);
    const engine = new LocalServerEngine({ baseUrl: `${server.url}/v1/` });
    expect(await engine.listModels()).toEqual(["llama3.2:1b", "qwen2.5:0.5b"]);
    await expect(engine.load(named("mistral"))).rejects.toThrow(/has no model "mistral". It offers: llama3.2:1b, qwen2.5:0.5b/);
    expect(engine.isLoaded()).toBe(false);
  });

  it("takes the context size from llama.cpp's /props, capped by what the caller asked for", async () => {
    const server = await serve({
      "GET /v1/models": json(modelList("tiny")),
      "GET /props": json(JSON.stringify({ default_generation_settings: { n_ctx: 8192 } })),
    });
    const engine = new LocalServerEngine({ baseUrl: server.url });
    await engine.load(named("tiny"));
    expect(engine.contextSize()).toBe(8192);
    await engine.load({ ...named("tiny"), contextSize: 4096 });
    expect(engine.contextSize()).toBe(4096);
    expect(engine.info()).toMatchObject({ backend: "local-server", device: "remote-loopback", modelId: "local:tiny" });
  });

  it("counts tokens with the server's tokenizer when it has /tokenize and /apply-template", async () => {
    // This fake tokenizer makes one token per character, so the right count is easy to know and unlike the estimate.
    const server = await serve({
      "GET /v1/models": json(modelList("tiny")),
      "POST /tokenize": (req, res) => {
        const { content } = JSON.parse(req.body) as { content: string };
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ tokens: [...content].map((_, i) => i) }));
      },
      "POST /apply-template": (req, res) => {
        const { messages } = JSON.parse(req.body) as { messages: { role: string; content: string }[] };
        const prompt = messages.map((m) => `<${m.role}>${m.content}`).join("") + "<assistant>";
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ prompt }));
      },
    });
    const engine = new LocalServerEngine({ baseUrl: server.url });
    await engine.load(named("tiny"));
    expect(await engine.countTokens("héllo wörld")).toBe("héllo wörld".length);
    expect(await engine.countChatTokens([{ role: "user", content: "hi" }])).toBe("<user>hi<assistant>".length);
    const tokenize = JSON.parse(server.requests.find((r) => r.path === "/tokenize")?.body ?? "{}") as Record<string, unknown>;
    expect(tokenize).toMatchObject({ add_special: false });
    expect(engine.info()?.details.tokenizer).toBe("server");
  });

  it("falls back to the estimate on servers without /tokenize (Ollama), asking only once", async () => {
    const server = await serve({ "GET /v1/models": json(modelList("tiny")) });
    const engine = new LocalServerEngine({ baseUrl: server.url });
    await engine.load(named("tiny"));
    const text = "The quick brown fox jumps over the lazy dog.";
    expect(await engine.countTokens(text)).toBe(approximateTokenCount(text));
    expect(await engine.countTokens(text)).toBe(approximateTokenCount(text));
    const chat = await engine.countChatTokens([{ role: "user", content: text }]);
    expect(chat).toBeGreaterThan(approximateTokenCount(text));
    expect(server.requests.filter((r) => r.path === "/tokenize")).toHaveLength(1);
    expect(engine.info()?.details.tokenizer).toBe("approximate");
  });
});
