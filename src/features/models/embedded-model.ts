/**
 * A model shipped inside the add-on (scripts/embed-model.ts): models/embedded.json names it, models/<file> holds it.
 * Such a build works offline from the first start: the manager lists the model as present and loads it from the
 * add-on's own files, with no download.
 */
import * as v from "valibot";
import { isModelId } from "./model-records";

export const EMBEDDED_MANIFEST = "models/embedded.json";

const manifestSchema = v.object({
  id: v.pipe(v.string(), v.check(isModelId, "not a model id")),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  /** File name under models/ in the add-on. */
  file: v.pipe(v.string(), v.regex(/^[\w.-]+\.gguf$/)),
  bytes: v.pipe(v.number(), v.integer(), v.minValue(1)),
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
});

export type EmbeddedModel = v.InferOutput<typeof manifestSchema>;

/** The embedded model described by `value` (parsed embedded.json), or null when it is not a valid description. */
export function parseEmbeddedManifest(value: unknown): EmbeddedModel | null {
  const parsed = v.safeParse(manifestSchema, value);
  return parsed.success ? parsed.output : null;
}
