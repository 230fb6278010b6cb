/** Turn the engine state into the one line of text status areas show. */
import type { EngineState } from "../protocol/status";

/** Localized description of an engine state. `t` is the message lookup (i18n in pages, a stub in tests). */
export function describeEngine(state: EngineState, t: (key: string, subs?: string[]) => string): string {
  switch (state.phase) {
    case "idle":
      return t("statusNoModel");
    case "loading": {
      const percent = state.total > 0 ? Math.floor((state.loaded / state.total) * 100) : 0;
      return t("statusLoading", [state.modelId, String(percent)]);
    }
    case "ready":
      return t("statusReady", [state.info.modelId, state.info.device]);
    case "generating":
      return t("statusGenerating", [state.info.modelId, String(state.queued)]);
    case "error":
      return t("statusError", [state.error.message]);
  }
}
