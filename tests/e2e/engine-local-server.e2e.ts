/**
 * The opt-in local server: with "use a server on this computer" on in the settings, the engine host talks to an
 * OpenAI-compatible server on loopback (a small one started here, like llamafile or Ollama would be) and streams its
 * answer; with it off again, Hearth is back on its own engine. Nothing is downloaded for it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sseEvents, startTestServer, writeSlowly, type TestServer } from "../fixtures/local-server/openai-test-server";
import { launchHearth, type HearthBrowser } from "./harness";
import { engineState, streamIn } from "./wire";
import type { Page } from "puppeteer-core";

let hearth: HearthBrowser;
let server: TestServer;
let page: Page;

type Chunk = { kind: string; text?: string; info?: { backend: string; modelId: string } };

beforeAll(async () => {
  server = await startTestServer({
    "GET /v1/models": (_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" });
      response.end(JSON.stringify({ object: "list", data: [{ id: "served-model", object: "model" }] }));
    },
    "POST /v1/chat/completions": (_request, response) => writeSlowly(response, [sseEvents(["Hello ", "from ", "the ", "server é"])]),
  });
  hearth = await launchHearth();
  page = await hearth.openExtensionPage("options/index.html", "#settings-form");
});
afterAll(async () => {
  await hearth?.close();
  await server?.close();
});

describe("opt-in local server", () => {
  it("answers through the server the user named in the settings", async () => {
    await page.$eval("#localServerEnabled", (box) => ((box as HTMLInputElement).checked = true));
    await page.$eval("#localServerUrl", (input, url) => ((input as HTMLInputElement).value = url as string), server.url);
    await page.$eval("#localServerModel", (input) => ((input as HTMLInputElement).value = "served-model"));
    await page.click("#save");
    await page.waitForSelector("#save-result.ok");

    const reply = await streamIn<Chunk>(page, "engine/generate", { messages: [{ role: "user", content: "hi" }], temperature: 0 });
    expect(reply.end).toBe("done");
    expect(reply.chunks.find((c) => c.kind === "started")?.info).toMatchObject({ backend: "local-server", modelId: "local:served-model" });
    expect(reply.chunks.filter((c) => c.kind === "text").map((c) => c.text).join("")).toBe("Hello from the server é");
    const completion = server.requests.find((r) => r.path === "/v1/chat/completions");
    expect(JSON.parse(completion?.body ?? "{}")).toMatchObject({ model: "served-model", stream: true });
    expect(await engineState(page)).toMatchObject({ phase: "ready", info: { backend: "local-server" } });
  });

  it("turning it off puts Hearth back on its own engine", async () => {
    await page.$eval("#localServerEnabled", (box) => ((box as HTMLInputElement).checked = false));
    await page.click("#save");
    await page.waitForSelector("#save-result.ok");
    const deadline = Date.now() + 5000;
    while ((await engineState(page)).phase !== "idle" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await engineState(page)).toEqual({ phase: "idle" });
  });
});
