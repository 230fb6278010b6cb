/**
 * A stored record described field by field: each field's valibot schema and default. Reading keeps every field that
 * passes its schema and defaults the rest, so one corrupt or outdated value never resets the others. Settings, the
 * summary options and the reader's choices are all read this way.
 */
import * as v from "valibot";

export type FieldTable = Record<string, { readonly schema: v.GenericSchema; readonly default: unknown }>;

/** The record a field table describes. */
export type RecordOf<F extends FieldTable> = { -readonly [K in keyof F]: v.InferOutput<F[K]["schema"]> };

/** Every field at its default. */
export function defaultsOf<F extends FieldTable>(fields: F): RecordOf<F> {
  return Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, field.default])) as RecordOf<F>;
}

/** Why `value` is not a valid `key`, for the user; null when it is. */
export function fieldProblem<F extends FieldTable>(fields: F, key: keyof F, value: unknown): string | null {
  const field = fields[key];
  if (!field) return "Unknown field.";
  const result = v.safeParse(field.schema, value);
  return result.success ? null : (result.issues[0]?.message ?? "Invalid value.");
}

/** Whatever is stored, as the record: each valid field kept, each missing or invalid one at its default. */
export function readFields<F extends FieldTable>(fields: F, stored: unknown): RecordOf<F> {
  const record = typeof stored === "object" && stored !== null ? (stored as Record<string, unknown>) : {};
  return Object.fromEntries(
    Object.entries(fields).map(([key, field]) => {
      const result = v.safeParse(field.schema, record[key]);
      return [key, result.success ? result.output : field.default];
    }),
  ) as RecordOf<F>;
}
