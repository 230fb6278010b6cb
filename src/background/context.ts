/** What each feature's background module receives when the event page starts. */
import type { EngineHost } from "../engine/host/engine-host";
import type { ProtocolServer } from "../shared/protocol/server";
import type { MenuRegistry } from "./menus";
import type { StatusBoard } from "./status-board";

export interface BackgroundContext {
  server: ProtocolServer;
  /** The engine host, once settings and the active model have been read. */
  engine: Promise<EngineHost>;
  status: StatusBoard;
  /** Add context-menu items and keyboard-command handlers. */
  menus: Pick<MenuRegistry, "addMenuItem" | "addCommand">;
}

/**
 * The shape of src/features/<feature>/<feature>.background.ts: one exported `registerBackground`, called
 * synchronously at start-up (an event page must add its listeners in its first turn).
 */
export interface BackgroundFeatureModule {
  registerBackground(context: BackgroundContext): void;
}
