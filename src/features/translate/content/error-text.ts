/** What the in-page translate UI says when something goes wrong: what happened and what to do about it. */
import { t } from "../../../shared/platform/i18n";
import { BusyError, ContextOverflowError, ModelNotLoadedError, OutOfMemoryError } from "../../../shared/protocol/errors";

/** A message for the user about `error`; the named errors get advice, others their own message. */
export function describeError(error: unknown): string {
  if (error instanceof ModelNotLoadedError) return t("translateErrorNoModel");
  if (error instanceof OutOfMemoryError) return t("translateErrorMemory");
  if (error instanceof ContextOverflowError) return t("translateErrorContext");
  if (error instanceof BusyError) return t("translateErrorBusy");
  const message = error instanceof Error ? error.message : String(error);
  return t("translateErrorGeneric", message);
}
