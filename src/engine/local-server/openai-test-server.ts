/**
 * A tiny OpenAI-style HTTP server on 127.0.0.1 for the local-server tests (Node only, never bundled): each test
 * says what every route answers and reads back what the engine sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export type Route = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  /** Resolves when the client side of a streamed answer went away (the response closed before it ended). */
  clientGone: Promise<void>;
  close(): Promise<void>;
}

/** Start a server answering `routes` ("POST /v1/chat/completions" → handler); anything else is a 404. */
export async function startTestServer(routes: Record<string, Route>): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  let markGone!: () => void;
  const clientGone = new Promise<void>((resolve) => (markGone = resolve));
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(parts).toString("utf8"),
      };
      requests.push(recorded);
      res.on("close", () => {
        if (!res.writableEnded) markGone();
      });
      const route = routes[`${recorded.method} ${recorded.path}`];
      if (!route) {
        res.writeHead(404, { "content-type": "text/plain" }).end("404 page not found");
        return;
      }
      void Promise.resolve(route(recorded, res)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    clientGone,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An OpenAI chat.completion.chunk carrying `content`. */
export function contentChunk(content: string, finishReason: string | null = null): string {
  return JSON.stringify({
    id: "chatcmpl-test",
    object: "chat.completion.chunk",
    choices: [{ index: 0, delta: { content }, finish_reason: finishReason }],
  });
}

/** Write `pieces` (already-framed SSE bytes) one by one with a pause between, so they reach the client apart. */
export async function writeSlowly(response: ServerResponse, pieces: (string | Uint8Array)[], pauseMs = 5) {
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  response.flushHeaders();
  for (const piece of pieces) {
    if (response.destroyed) return;
    response.write(piece);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  response.end();
}

/** The SSE framing of a streamed completion: one `data:` event per content piece, then usage and [DONE]. */
export function sseEvents(contents: string[], usage?: { prompt: number; completion: number }): string {
  const events = contents.map((content) => `data: ${contentChunk(content)}\n\n`);
  events.push(`data: ${contentChunk("", "stop")}\n\n`);
  if (usage) {
    events.push(
      `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion } })}\n\n`,
    );
  }
  events.push("data: [DONE]\n\n");
  return events.join("");
}
