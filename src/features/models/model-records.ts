/**
 * What the model manager remembers in storage.local: the installed models, downloads in progress (to resume them, also
 * after the browser closed), and the active model. Each record is validated on read; a damaged entry is dropped
 * rather than taking the others with it. Writes are serialized, since storage.local has no transactions.
 */
import * as v from "valibot";
import type { KeyValueArea } from "../../shared/storage/settings";

export const INSTALLED_KEY = "models.installed";
export const PARTIAL_KEY = "models.partial";
export const ACTIVE_KEY = "models.active";
const VERSION = 1;

const modelId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/));
const sha = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const bytes = v.pipe(v.number(), v.integer(), v.minValue(0));

/** How a stored file was checked: against a sha256 from the catalog, from the host, only by size, or not at all. */
export const CHECKS = ["sha256", "host-sha256", "size", "imported", "embedded"] as const;
export type FileCheck = (typeof CHECKS)[number];

const storedFileSchema = v.object({ name: v.string(), bytes, sha256: v.nullable(sha), check: v.picklist(CHECKS) });
const installedSchema = v.object({
  id: modelId,
  name: v.string(),
  origin: v.picklist(["catalog", "custom", "import", "embedded"]),
  files: v.pipe(v.array(storedFileSchema), v.minLength(1)),
  sourceUrls: v.array(v.string()),
  installedAt: v.number(),
});
const partialFileSchema = v.object({
  url: v.string(),
  sha256: v.nullable(sha),
  approxBytes: v.nullable(bytes),
  total: v.nullable(bytes),
  validator: v.nullable(v.string()),
  done: v.nullable(v.object({ sha256: sha, check: v.picklist(CHECKS) })),
});
const partialSchema = v.object({
  id: modelId,
  name: v.string(),
  origin: v.picklist(["catalog", "custom"]),
  files: v.pipe(v.array(partialFileSchema), v.minLength(1)),
  startedAt: v.number(),
});
const activeSchema = v.object({
  modelId,
  device: v.picklist(["cpu", "gpu", "auto"]),
  backend: v.picklist(["wllama", "fake"]),
  fake: v.optional(
    v.object({ replies: v.optional(v.array(v.string())), chunkDelayMs: v.optional(v.number()) }),
  ),
});

export type StoredFile = v.InferOutput<typeof storedFileSchema>;
export type InstalledModel = v.InferOutput<typeof installedSchema>;
export type PartialFile = v.InferOutput<typeof partialFileSchema>;
export type PartialDownload = v.InferOutput<typeof partialSchema>;
export type ActiveModel = v.InferOutput<typeof activeSchema>;

/** Keep the entries of a stored {version, items} map that pass `schema`. */
function readMap<T>(stored: unknown, schema: v.GenericSchema<unknown, T>): Record<string, T> {
  const items = (stored as { items?: unknown } | null)?.items;
  if (typeof items !== "object" || items === null) return {};
  const out: Record<string, T> = {};
  for (const [key, value] of Object.entries(items)) {
    const parsed = v.safeParse(schema, value);
    if (parsed.success) out[key] = parsed.output;
  }
  return out;
}

export class ModelRecords {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly area: KeyValueArea) {}

  /** Run `change` after every earlier change has finished. */
  private serial<T>(change: () => Promise<T>): Promise<T> {
    const next = this.queue.then(change, change);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async installed(): Promise<Record<string, InstalledModel>> {
    return readMap(await this.area.get(INSTALLED_KEY), installedSchema);
  }

  async partials(): Promise<Record<string, PartialDownload>> {
    return readMap(await this.area.get(PARTIAL_KEY), partialSchema);
  }

  async active(): Promise<ActiveModel | null> {
    const parsed = v.safeParse(activeSchema, await this.area.get(ACTIVE_KEY));
    return parsed.success ? parsed.output : null;
  }

  install(model: InstalledModel): Promise<void> {
    return this.serial(async () => {
      const items = { ...(await this.installed()), [model.id]: model };
      await this.area.set(INSTALLED_KEY, { version: VERSION, items });
    });
  }

  uninstall(id: string): Promise<void> {
    return this.serial(async () => {
      const { [id]: _gone, ...items } = await this.installed();
      await this.area.set(INSTALLED_KEY, { version: VERSION, items });
    });
  }

  savePartial(partial: PartialDownload): Promise<void> {
    return this.serial(async () => {
      const items = { ...(await this.partials()), [partial.id]: partial };
      await this.area.set(PARTIAL_KEY, { version: VERSION, items });
    });
  }

  dropPartial(id: string): Promise<void> {
    return this.serial(async () => {
      const { [id]: _gone, ...items } = await this.partials();
      await this.area.set(PARTIAL_KEY, { version: VERSION, items });
    });
  }

  setActive(active: ActiveModel | null): Promise<void> {
    return this.serial(() => this.area.set(ACTIVE_KEY, active));
  }

  /** Forget every installed model, partial download and the active model. */
  clear(): Promise<void> {
    return this.serial(async () => {
      await this.area.set(INSTALLED_KEY, { version: VERSION, items: {} });
      await this.area.set(PARTIAL_KEY, { version: VERSION, items: {} });
      await this.area.set(ACTIVE_KEY, null);
    });
  }
}

/** True when `id` can name a model (and an OPFS directory). */
export function isModelId(id: string): boolean {
  return v.is(modelId, id);
}
