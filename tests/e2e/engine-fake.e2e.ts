import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchHearth, type HearthBrowser } from "./harness";
import { requestIn, streamIn } from "./wire";
import type { Page } from "puppeteer-core";

let hearth: HearthBrowser;
let page: Page;

beforeAll(async () => {
  hearth = await launchHearth();
  page = await hearth.openExtensionPage("options/index.html", "#settings-form");
});
afterAll(async () => hearth?.close());

type Chunk = { kind: string; text?: string; position?: number };

describe("engine protocol with the scripted engine", () => {
  it("streams queued → started → text → done through the real background", async () => {
    const loaded = await requestIn<{ backend: string; modelId: string }>(page, "engine/load", {
      modelId: "scripted",
      url: "http://127.0.0.1:9/unused.gguf",
      backend: "fake",
      fake: { replies: ["alpha beta gamma"] },
    });
    expect(loaded).toMatchObject({ ok: true, value: { backend: "fake", modelId: "scripted" } });
    const result = await streamIn<Chunk>(page, "engine/generate", { messages: [{ role: "user", content: "hi" }] });
    expect(result.end).toBe("done");
    expect(result.chunks.map((c) => c.kind)).toEqual(["queued", "started", "text", "text", "text", "done"]);
    expect(result.chunks.filter((c) => c.kind === "text").map((c) => c.text).join("")).toBe("alpha beta gamma");
  });

  it("rejects malformed requests with a ValidationError and keeps serving", async () => {
    const bad = await streamIn<Chunk>(page, "engine/generate", { messages: [] });
    expect(bad).toMatchObject({ end: "error", error: { name: "ValidationError" } });
    const wrongType = await requestIn(page, "engine/load", { modelId: 5 });
    expect(wrongType).toMatchObject({ ok: false, error: { name: "ValidationError" } });
    const ok = await streamIn<Chunk>(page, "engine/generate", { messages: [{ role: "user", content: "again" }] });
    expect(ok.end).toBe("done");
    expect(ok.chunks.filter((c) => c.kind === "text").map((c) => c.text).join("")).toBe("[fake] again");
  });
});
