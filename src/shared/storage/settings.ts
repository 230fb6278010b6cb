/**
 * Hearth's settings: one typed, versioned record in storage.local. Reading validates field by field and falls back to
 * the default for a bad field (so one corrupt value never resets the rest), and older versions are migrated forward.
 */
import * as v from "valibot";
import { defaultsOf, fieldProblem, readFields, type RecordOf } from "./fields";

/** The storage operations settings need; the real one wraps storage.local, tests pass a Map. */
export interface KeyValueArea {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export const SETTINGS_KEY = "settings";
export const SETTINGS_VERSION = 1;

const loopbackUrl = v.pipe(
  v.string(),
  v.url(),
  v.check((value) => {
    try {
      const host = new URL(value).hostname;
      return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
    } catch {
      return false;
    }
  }, "The local server must be on this machine (127.0.0.1, localhost or [::1])."),
);

/** Each field's schema and default. Adding a field here is all a new setting needs. */
const fields = {
  /** Minutes an idle model stays in memory before it is unloaded. 0 unloads right after each job. */
  keepAliveMinutes: { schema: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(120)), default: 5 },
  /** Target language for translation; "" means the browser's UI language. */
  targetLanguage: { schema: v.pipe(v.string(), v.regex(/^$|^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)), default: "" },
  /** Which engine runs the model. "auto" picks WebGPU when it works, else the CPU. */
  preferredBackend: { schema: v.picklist(["auto", "wllama", "webllm", "local-server"]), default: "auto" as const },
  /** Opt-in: use an OpenAI-compatible server on this machine (llamafile, Ollama). */
  localServerEnabled: { schema: v.boolean(), default: false },
  localServerUrl: { schema: loopbackUrl, default: "http://127.0.0.1:8080" },
  /** The model name the local server lists (GET /v1/models); "" means the first one it offers. */
  localServerModel: { schema: v.pipe(v.string(), v.maxLength(200)), default: "" },
  /** Interface theme; "system" follows the operating system's light/dark setting. */
  theme: { schema: v.picklist(["system", "light", "dark"]), default: "system" as const },
} as const;

export type Settings = RecordOf<typeof fields>;
export type SettingKey = keyof Settings;

/** The settings a fresh install starts with. */
export function defaultSettings(): Settings {
  return defaultsOf(fields);
}

/** Validate one field; returns an error message for the user, or null when the value is fine. */
export function checkSetting<K extends SettingKey>(key: K, value: unknown): string | null {
  return fieldProblem(fields, key, value);
}

/** Stored data older than the current version is moved forward one version at a time. */
const migrations: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
  // Version 0 was the unversioned draft format that kept the keep-alive in seconds.
  0: (old) => {
    const { keepAliveSeconds, ...rest } = old;
    return typeof keepAliveSeconds === "number" ? { ...rest, keepAliveMinutes: Math.round(keepAliveSeconds / 60) } : rest;
  },
};

/** Turn whatever is stored into valid Settings: migrate, then keep each valid field and default the rest. */
export function normalizeSettings(stored: unknown): Settings {
  if (typeof stored !== "object" || stored === null) return defaultSettings();
  let record = { ...(stored as Record<string, unknown>) };
  let version = typeof record.version === "number" ? record.version : 0;
  while (version < SETTINGS_VERSION) {
    const migrate = migrations[version];
    if (migrate) record = migrate(record);
    version += 1;
  }
  return readFields(fields, record);
}

/** Typed access to the settings record in a storage area. */
export class SettingsStore {
  constructor(private readonly area: KeyValueArea) {}

  /** Read all settings, repaired and migrated. */
  async load(): Promise<Settings> {
    return normalizeSettings(await this.area.get(SETTINGS_KEY));
  }

  /** Change some settings; rejects with the first invalid field's message and stores nothing in that case. */
  async update(changes: Partial<Settings>): Promise<Settings> {
    for (const [key, value] of Object.entries(changes) as [SettingKey, unknown][]) {
      if (!(key in fields)) throw new TypeError(`Unknown setting "${key}".`);
      const problem = checkSetting(key, value);
      if (problem) throw new TypeError(`${key}: ${problem}`);
    }
    const next = { ...(await this.load()), ...changes };
    await this.area.set(SETTINGS_KEY, { ...next, version: SETTINGS_VERSION });
    return next;
  }
}
