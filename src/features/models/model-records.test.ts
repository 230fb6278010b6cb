import { describe, expect, it } from "vitest";
import type { KeyValueArea } from "../../shared/storage/settings";
import { INSTALLED_KEY, isModelId, ModelRecords, type InstalledModel } from "./model-records";
import { RequestLog } from "./request-log";

function mapArea(): KeyValueArea & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return { map, get: async (key) => structuredClone(map.get(key)), set: async (key, value) => void map.set(key, structuredClone(value)) };
}

const model = (id: string): InstalledModel => ({
  id,
  name: id,
  origin: "custom",
  files: [{ name: "a.gguf", bytes: 10, sha256: "a".repeat(64), check: "size" }],
  sourceUrls: ["http://127.0.0.1/a.gguf"],
  installedAt: 1,
});

describe("model records", () => {
  it("keeps concurrent installs (writes are serialized)", async () => {
    const records = new ModelRecords(mapArea());
    await Promise.all(["a", "b", "c", "d"].map((id) => records.install(model(id))));
    expect(Object.keys(await records.installed()).sort()).toEqual(["a", "b", "c", "d"]);
    await records.uninstall("b");
    expect(Object.keys(await records.installed()).sort()).toEqual(["a", "c", "d"]);
  });

  it("drops a damaged entry but keeps the rest", async () => {
    const area = mapArea();
    area.map.set(INSTALLED_KEY, { version: 1, items: { good: model("good"), bad: { id: "bad", files: "nope" } } });
    expect(Object.keys(await new ModelRecords(area).installed())).toEqual(["good"]);
  });

  it("stores the active model and clears everything", async () => {
    const records = new ModelRecords(mapArea());
    await records.setActive({ modelId: "a", device: "auto", backend: "wllama" });
    expect(await records.active()).toEqual({ modelId: "a", device: "auto", backend: "wllama" });
    await records.install(model("a"));
    await records.clear();
    expect(await records.active()).toBeNull();
    expect(await records.installed()).toEqual({});
  });

  it("accepts ids that are safe directory names only", () => {
    expect(isModelId("qwen2.5-0.5b-instruct-q8_0")).toBe(true);
    expect(isModelId("../etc")).toBe(false);
    expect(isModelId("a/b")).toBe(false);
    expect(isModelId("")).toBe(false);
  });
});

describe("request log", () => {
  it("keeps the newest entries up to its limit", async () => {
    const log = new RequestLog(mapArea(), 3);
    for (let i = 0; i < 5; i++) {
      await log.add({ at: i, url: `http://127.0.0.1/${i}`, range: null, status: 200, bytes: i, result: "ok", note: "" });
    }
    expect((await log.entries()).map((entry) => entry.at)).toEqual([2, 3, 4]);
    await log.clear();
    expect(await log.entries()).toEqual([]);
  });
});
