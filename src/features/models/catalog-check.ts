/**
 * Checks a model catalog before it is shown: ids usable as storage names and unique, every file on Hugging Face over
 * HTTPS and pinned (a commit, or "main" only where no checksum is listed), checksums well formed, sizes and memory
 * plausible. A unit test runs it over CATALOG, so a bad edit fails the build rather than a user's download.
 */
import { downloadRefusal } from "../../shared/platform/egress-rules";
import type { CatalogModel } from "./catalog";
import { hubFileOf } from "./hf-metadata";
import { isModelId } from "./model-records";

/** Problems in `catalog`, one line each; empty when it is sound. */
export function catalogProblems(catalog: readonly CatalogModel[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const model of catalog) {
    const where = `${model.id}:`;
    if (!isModelId(model.id)) problems.push(`${where} the id is not a safe storage name`);
    if (seen.has(model.id)) problems.push(`${where} the id is used twice`);
    seen.add(model.id);
    if (model.files.length === 0) problems.push(`${where} no files`);
    for (const file of model.files) {
      const refusal = downloadRefusal(file.url);
      if (refusal) problems.push(`${where} ${refusal}`);
      const hub = hubFileOf(file.url);
      if (!hub) problems.push(`${where} ${file.url} is not a Hugging Face resolve URL`);
      else {
        if (!hub.path.endsWith(".gguf")) problems.push(`${where} ${hub.path} is not a .gguf file`);
        const pinned = /^[0-9a-f]{40}$/.test(hub.revision);
        if (file.sha256 !== null && !pinned) problems.push(`${where} a checksummed file must be pinned to a commit, not "${hub.revision}"`);
      }
      if (file.sha256 !== null && !/^[0-9a-f]{64}$/.test(file.sha256)) problems.push(`${where} the sha256 is not 64 lower-case hex digits`);
      if (!(file.approxBytes > 1_000_000)) problems.push(`${where} the size is not plausible`);
      // wllama reads each file through a 32-bit offset: a bigger file must come as split shards.
      if (file.approxBytes >= 2 ** 31) problems.push(`${where} a file of 2 GiB or more must be split into shards`);
    }
    const bytes = model.files.reduce((sum, file) => sum + file.approxBytes, 0);
    if (model.ramBytes < bytes) problems.push(`${where} needs less memory than its own weights`);
    if (!(model.contextLength >= 2048)) problems.push(`${where} the context length is not plausible`);
    if (model.languages.length === 0) problems.push(`${where} no languages`);
    if (!model.license.url.startsWith("https://")) problems.push(`${where} the license link is not https`);
  }
  return problems;
}
