/** The background's live status: the current value plus subscribers, feeding "hearth/watch-status" streams. */
import type { EngineState, HearthStatus } from "../shared/protocol/status";

export class StatusBoard {
  private engine: EngineState = { phase: "idle" };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly version: string) {}

  /** The status as it is now. */
  current(): HearthStatus {
    return { version: this.version, engine: this.engine };
  }

  /** Replace the engine state and notify watchers. */
  setEngine(state: EngineState): void {
    this.engine = state;
    for (const listener of this.listeners) listener();
  }

  /** Yield the status now and after every change, until `signal` aborts. */
  async *watch(signal: AbortSignal): AsyncGenerator<HearthStatus> {
    let changed = true;
    let wake: (() => void) | null = null;
    const listener = () => {
      changed = true;
      wake?.();
    };
    const onAbort = () => wake?.();
    this.listeners.add(listener);
    signal.addEventListener("abort", onAbort);
    try {
      while (!signal.aborted) {
        if (changed) {
          changed = false;
          yield this.current();
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
    } finally {
      this.listeners.delete(listener);
      signal.removeEventListener("abort", onAbort);
    }
  }
}
