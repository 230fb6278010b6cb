/**
 * The content script: registers each feature's page module (src/features/<feature>/<feature>.content.ts) and
 * answers Hearth's own pages. One lifetime per page: everything hangs off one AbortController.
 */
import { background, extensionIdentity, serveRuntime } from "../shared/platform/runtime";
import { contentRequests, contentStreams } from "../shared/protocol/messages";
import { createServer } from "../shared/protocol/server";
import type { ContentFeatureModule } from "./context";

const lifetime = new AbortController();
addEventListener("pagehide", (event) => {
  // A page kept in the back/forward cache may come back; only a real unload ends the lifetime.
  if (!event.persisted) lifetime.abort();
});

const server = createServer(extensionIdentity(), { requests: contentRequests, streams: contentStreams });
server.handle("content/ping", ({ text }) => background().request("hearth/ping", { text }));

const features = import.meta.glob<ContentFeatureModule>("../features/*/*.content.ts", { eager: true });
for (const [path, feature] of Object.entries(features)) {
  try {
    feature.registerContent({ server, lifetime: lifetime.signal });
  } catch (error) {
    console.error(`Hearth: ${path} failed to start in this page`, error);
  }
}

serveRuntime(server);
