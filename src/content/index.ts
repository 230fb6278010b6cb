/**
 * The content script: registers each feature's page module and answers Hearth's own pages. One lifetime per page:
 * everything hangs off one AbortController that ends when the page goes away.
 */
import { background, extensionIdentity, serveRuntime } from "../shared/platform/runtime";
import { contentRequests, contentStreams } from "../shared/protocol/messages";
import { createServer } from "../shared/protocol/server";

const lifetime = new AbortController();
addEventListener("pagehide", () => lifetime.abort(), { once: true });

const server = createServer(extensionIdentity(), { requests: contentRequests, streams: contentStreams });
server.handle("content/ping", ({ text }) => background().request("hearth/ping", { text }));
serveRuntime(server);
