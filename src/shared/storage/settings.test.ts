import { describe, expect, it } from "vitest";
import { defaultSettings, normalizeSettings, SETTINGS_KEY, SETTINGS_VERSION, SettingsStore, type KeyValueArea } from "./settings";

function memoryArea(initial: Record<string, unknown> = {}): KeyValueArea & { data: Map<string, unknown> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    async get(key) {
      return structuredClone(data.get(key));
    },
    async set(key, value) {
      data.set(key, structuredClone(value));
    },
  };
}

describe("settings", () => {
  it("starts from the defaults when nothing is stored", async () => {
    const store = new SettingsStore(memoryArea());
    expect(await store.load()).toEqual(defaultSettings());
    expect(defaultSettings().keepAliveMinutes).toBe(5);
  });

  it("keeps valid fields and defaults only the bad ones", () => {
    const settings = normalizeSettings({
      version: SETTINGS_VERSION,
      keepAliveMinutes: 12,
      theme: "neon",
      localServerUrl: "http://evil.example.com:8080",
      targetLanguage: "pt-BR",
    });
    expect(settings.keepAliveMinutes).toBe(12);
    expect(settings.targetLanguage).toBe("pt-BR");
    expect(settings.theme).toBe("system");
    expect(settings.localServerUrl).toBe("http://127.0.0.1:8080");
  });

  it("migrates the unversioned format forward", () => {
    expect(normalizeSettings({ keepAliveSeconds: 600 }).keepAliveMinutes).toBe(10);
  });

  it("survives garbage in storage", () => {
    for (const junk of [null, 42, "x", [], { version: "one" }]) {
      expect(normalizeSettings(junk)).toEqual(defaultSettings());
    }
  });

  it("stores an update with the current version and refuses invalid changes whole", async () => {
    const area = memoryArea();
    const store = new SettingsStore(area);
    await store.update({ keepAliveMinutes: 30, localServerEnabled: true });
    expect(area.data.get(SETTINGS_KEY)).toMatchObject({ version: SETTINGS_VERSION, keepAliveMinutes: 30, localServerEnabled: true });
    await expect(store.update({ keepAliveMinutes: 15, localServerUrl: "http://192.168.1.5:11434" })).rejects.toThrow(/this machine/);
    expect((await store.load()).keepAliveMinutes).toBe(30);
    await expect(store.update({ keepAliveMinutes: -1 })).rejects.toThrow(TypeError);
  });
});
