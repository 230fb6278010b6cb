/**
 * The background event page: wiring only. It owns the protocol server and the engine host, and lets each feature's
 * background module (src/features/<feature>/<feature>.background.ts) register its handlers.
 */
import { extensionIdentity, serveRuntime } from "../shared/platform/runtime";
import { requests, streams } from "../shared/protocol/messages";
import { createServer } from "../shared/protocol/server";
import type { BackgroundFeatureModule } from "./context";
import { startEngineService } from "./engine-service";
import { MenuRegistry } from "./menus";
import { createTabRateLimit } from "./rate-limit";
import { StatusBoard } from "./status-board";

const status = new StatusBoard(browser.runtime.getManifest().version);
// Requests are bound to the sending tab (sender checks) and a page cannot make its content script flood Hearth.
const server = createServer(extensionIdentity(), { requests, streams, gate: createTabRateLimit({ burst: 60, perSecond: 20 }) });

server.handle("hearth/status", () => status.current());
server.handle("hearth/ping", ({ text }, sender) => ({ text, tabId: sender.tabId, kind: sender.kind, url: sender.url }));
server.handleStream("hearth/watch-status", (_payload, _sender, signal) => status.watch(signal));

const engine = startEngineService(server, status);
const menus = new MenuRegistry();

// Features are found at build time, so adding one never means editing this file.
const features = import.meta.glob<BackgroundFeatureModule>("../features/*/*.background.ts", { eager: true });
for (const [path, feature] of Object.entries(features)) {
  // One broken feature must not take the background (and every other feature) down with it.
  try {
    feature.registerBackground({ server, engine, status, menus });
  } catch (error) {
    console.error(`Hearth: ${path} failed to register`, error);
  }
}

menus.start();
serveRuntime(server);
