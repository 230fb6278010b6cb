/**
 * A small HTTP server on 127.0.0.1 for e2e tests: serves tests/e2e/fixtures/ and any routes a test adds (generated
 * models, PDFs), and logs every request so tests can assert what was asked for (Range headers, no extra traffic).
 */
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve } from "node:path";

const FIXTURES = resolve(import.meta.dirname, "fixtures");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".pdf": "application/pdf",
  ".json": "application/json",
  ".gguf": "application/octet-stream",
  ".txt": "text/plain; charset=utf-8",
};

export interface LoggedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
}

export type Route = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

export interface FixtureServer {
  origin: string;
  url(path: string): string;
  /** Every request received, in order. */
  requests: LoggedRequest[];
  /** Serve `route` at exactly `path` (checked before the fixture files). */
  route(path: string, route: Route): void;
  close(): Promise<void>;
}

/** Start the fixture server on a free port of 127.0.0.1. */
export async function startFixtureServer(): Promise<FixtureServer> {
  const routes = new Map<string, Route>();
  const requests: LoggedRequest[] = [];
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    requests.push({ method: request.method ?? "GET", path, headers: request.headers });
    try {
      const route = routes.get(path);
      if (route) return void (await route(request, response));
      const file = normalize(join(FIXTURES, decodeURIComponent(path)));
      if (!file.startsWith(FIXTURES)) throw new Error("outside fixtures");
      const body = await readFile(file);
      response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      if (!response.headersSent) response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path.startsWith("/") ? path : `/${path}`}`,
    requests,
    route: (path, route) => void routes.set(path, route),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
