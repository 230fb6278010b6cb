/**
 * The chat header's line about the model: which one answers and where it runs ("SmolLM2 360M · wllama on the CPU"),
 * or that none is loaded yet, with a link to the settings where the model is chosen.
 */
import type { EngineState } from "../../shared/protocol/status";
import type { Translate } from "./budget-line";

/** The line for an engine state. */
export function describeModel(state: EngineState, t: Translate): string {
  switch (state.phase) {
    case "ready":
    case "generating":
      return t("chatModelLine", [state.info.modelId, state.info.backend, t(`chatDevice_${state.info.device.replace("-", "_")}`)]);
    case "loading":
      return t("chatModelLoading", [state.modelId]);
    case "idle":
      return t("chatModelIdle");
    case "error":
      return t("chatModelError");
  }
}
