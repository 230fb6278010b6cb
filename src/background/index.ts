/**
 * The background event page: wiring only. It owns the protocol server and routes each message type to the feature
 * or service that answers it.
 */
import { extensionIdentity, serveRuntime } from "../shared/platform/runtime";
import { createServer } from "../shared/protocol/server";
import { startEngineService } from "./engine-service";
import { StatusBoard } from "./status-board";

const status = new StatusBoard(browser.runtime.getManifest().version);
const server = createServer(extensionIdentity());

server.handle("hearth/status", () => status.current());
server.handle("hearth/ping", ({ text }, sender) => ({ text, tabId: sender.tabId, kind: sender.kind, url: sender.url }));
server.handleStream("hearth/watch-status", (_payload, _sender, signal) => status.watch(signal));

void startEngineService(server, status);

serveRuntime(server);
