/** The engine host's state as every UI renders it: one union keyed by phase, no boolean soup. */
import type { EngineInfo } from "../../engine/engine";
import type { EncodedError } from "./errors";

export type EngineState =
  | { phase: "idle" }
  | { phase: "loading"; modelId: string; loaded: number; total: number }
  | { phase: "ready"; info: EngineInfo }
  | { phase: "generating"; info: EngineInfo; queued: number }
  | { phase: "error"; error: EncodedError };

export interface HearthStatus {
  version: string;
  engine: EngineState;
}
