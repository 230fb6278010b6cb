/** The reader's one-line status: how far simplifying has got, or that the model is still loading. */
import type { EngineState } from "../shared/protocol/status";
import type { ReaderSnapshot } from "./simplify-controller";

export type Translate = (key: string, substitutions?: string | string[]) => string;

/** The status line for `snapshot`, given the engine's state as the background last reported it. */
export function readerStatusText(snapshot: ReaderSnapshot, engine: EngineState, t: Translate): string {
  const done = String(snapshot.simplified + snapshot.kept);
  const total = String(snapshot.total);
  switch (snapshot.phase) {
    case "working":
      // Loading a model takes a while on a laptop: say so rather than show "0 of n" for that long.
      return engine.phase === "loading" ? t("readerStatusLoadingModel", engine.modelId) : t("readerStatusWorking", [done, total]);
    case "waiting":
      return t("readerStatusWaiting", String(snapshot.queuePosition ?? 0));
    case "idle":
      return t("readerStatusIdle", [done, total]);
    case "done":
      return t("readerStatusDone", [String(snapshot.simplified), String(snapshot.kept)]);
    case "stopped":
      return t("readerStatusStopped", [done, total]);
    case "error":
      return "";
  }
}
