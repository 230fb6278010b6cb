/**
 * The model manager wired to the browser: OPFS for files, storage.local for records, fetch for downloads, the
 * add-on's own files for an embedded model, and "Remove all AI data" across OPFS, the Cache API and IndexedDB.
 * One instance per background page; the engine service and the feature's handlers share it.
 */
import { sleep } from "../../shared/async/sleep";
import { egressFetch, egressFetchFor } from "../../shared/platform/egress";
import { localArea } from "../../shared/platform/storage";
import { CATALOG, type CatalogModel } from "./catalog";
import { EMBEDDED_MANIFEST, parseEmbeddedManifest, type EmbeddedModel } from "./embedded-model";
import { ModelService } from "./model-service";
import { opfsDirectory } from "./opfs-directory";
import type { RemovedItem } from "./protocol";
import type { DeviceFacts } from "./recommend";

/** Test builds only: extra catalog entries (pointing at 127.0.0.1) so e2e tests can drive the real download UI. */
const TEST_CATALOG_KEY = "models.testCatalog";

/** storage.local keys from before the model manager, removed with everything else. */
const LEGACY_KEYS = ["engine.activeModel"];
/** IndexedDB databases that hold AI data: Hearth's chat history, and web-llm's weight cache when it uses IndexedDB. */
const AI_DATABASES = /^hearth-chat|webllm/i;

interface IterableDirectory {
  keys(): AsyncIterable<string>;
}
interface GpuNavigator {
  gpu?: { requestAdapter(): Promise<unknown> };
  deviceMemory?: number;
}

async function hasWebGpu(): Promise<boolean> {
  const gpu = (navigator as GpuNavigator).gpu;
  if (!gpu) return false;
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 2000));
  return (await Promise.race([gpu.requestAdapter().catch(() => null), timeout])) !== null;
}

async function testCatalog(): Promise<readonly CatalogModel[]> {
  const extra = await localArea.get(TEST_CATALOG_KEY);
  const entries = Array.isArray(extra) ? (extra as CatalogModel[]).filter((entry) => typeof entry?.id === "string" && Array.isArray(entry.files)) : [];
  return [...CATALOG, ...entries];
}

let deviceFacts: Promise<Omit<DeviceFacts, "freeBytes">> | null = null;
let embedded: Promise<EmbeddedModel | null> | null = null;
let instance: ModelService | null = null;

/** The background's model manager. */
export function modelService(): ModelService {
  instance ??= new ModelService({
    directory: opfsDirectory(),
    area: localArea,
    ...(__HEARTH_TEST__ ? { catalog: testCatalog } : {}),
    fetch: egressFetchFor("model-download"),
    now: () => Date.now(),
    sleep,
    async estimate() {
      try {
        const { usage, quota } = await navigator.storage.estimate();
        return { usage: usage ?? null, quota: quota ?? null };
      } catch {
        return { usage: null, quota: null };
      }
    },
    persist: async () => (navigator.storage.persist ? navigator.storage.persist() : null),
    persisted: async () => (navigator.storage.persisted ? navigator.storage.persisted() : null),
    deviceFacts: () =>
      (deviceFacts ??= hasWebGpu().then((webgpu) => ({
        deviceMemoryGb: (navigator as GpuNavigator).deviceMemory ?? null,
        cpuCores: navigator.hardwareConcurrency || null,
        webgpu,
      }))),
    // A build without an embedded model has no models/embedded.json: fetching it fails, which means "none".
    embedded: () =>
      (embedded ??= egressFetch("packaged", browser.runtime.getURL(EMBEDDED_MANIFEST))
        .then(async (response) => (response.ok ? parseEmbeddedManifest(await response.json()) : null))
        .catch(() => null)),
    embeddedBlob: async (model) => (await egressFetch("packaged", browser.runtime.getURL(`models/${model.file}`))).blob(),
  });
  return instance;
}

function deleteDatabase(name: string): Promise<"deleted" | "pending"> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve("deleted");
    request.onerror = () => resolve("pending");
    // An open page (the sidebar's chat) holds the database; deletion completes when it lets go.
    request.onblocked = () => setTimeout(() => resolve("pending"), 3000);
  });
}

/** Delete every model, partial download, model cache and the chat history; returns what was deleted. */
export async function removeAllAiData(models: ModelService): Promise<RemovedItem[]> {
  const removed = await models.removeAllModels();
  const root = await navigator.storage.getDirectory();
  for await (const name of (root as unknown as IterableDirectory).keys()) {
    await root.removeEntry(name, { recursive: true });
    removed.push({ kind: "opfs", name });
  }
  for (const name of await caches.keys()) {
    await caches.delete(name);
    removed.push({ kind: "cache", name });
  }
  for (const database of await indexedDB.databases()) {
    if (!database.name || !AI_DATABASES.test(database.name)) continue;
    const outcome = await deleteDatabase(database.name);
    removed.push({ kind: "indexeddb", name: outcome === "deleted" ? database.name : `${database.name} (pending)` });
  }
  await browser.storage.local.remove(LEGACY_KEYS);
  return removed;
}
