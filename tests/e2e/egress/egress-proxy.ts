/**
 * The egress audit proxy: every request Firefox makes in an e2e run, loopback included, goes through this HTTP proxy
 * on 127.0.0.1, which logs it and refuses anything that would leave the machine. Hearth promises that nothing leaves
 * the device; the suite proves it by failing when this log holds an unexpected request.
 *
 * The proxy never resolves a name and never opens a connection except to 127.0.0.1: plain HTTP to loopback that the
 * test allows is forwarded there, everything else (other hosts, CONNECT tunnels for https/wss, WebSocket upgrades) is
 * answered 403 without touching the network.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";

export type EgressVerdict = "forwarded" | "refused-by-rule" | "not-loopback" | "connect-tunnel" | "websocket-upgrade" | "not-a-proxy-request";

export interface EgressRecord {
  method: string;
  /** The absolute URL asked for; for CONNECT, "host:port" as Firefox sent it. */
  url: string;
  allowed: boolean;
  /** Why it was allowed or refused. */
  verdict: EgressVerdict;
  /** Milliseconds since the epoch. */
  at: number;
}

export interface EgressProxyOptions {
  /** Which plain-HTTP URLs may be forwarded. Even when it says yes, only 127.0.0.1/localhost targets ever are. */
  allowed?: (url: string) => boolean;
}

export interface EgressProxy {
  port: number;
  /** Every request seen since the start or the last reset, in order. */
  log(): readonly EgressRecord[];
  /** How many requests were checked since the start or the last reset. */
  checked(): number;
  /** The refused requests since the start or the last reset. */
  unexpected(): EgressRecord[];
  reset(): void;
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost"]);
// RFC 9110 hop-by-hop headers, plus the proxy-only ones Firefox adds; none of them may reach the upstream server.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** Plain http:// to 127.0.0.1 or localhost: the default rule, since anything there stays on the device. */
export function loopbackOnly(url: string): boolean {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  return parsed !== null && parsed.protocol === "http:" && LOOPBACK_HOSTS.has(parsed.hostname);
}

/** Start the audit proxy on a free port of 127.0.0.1. */
export async function startEgressProxy(options: EgressProxyOptions = {}): Promise<EgressProxy> {
  const allowed = options.allowed ?? loopbackOnly;
  let records: EgressRecord[] = [];
  // CONNECT and upgrade sockets leave the server's bookkeeping, so closeAllConnections() would not end them.
  const detached = new Set<Duplex>();

  const record = (method: string, url: string, verdict: EgressVerdict): boolean => {
    const ok = verdict === "forwarded";
    records.push({ method, url, allowed: ok, verdict, at: Date.now() });
    return ok;
  };

  const server = createServer((request, response) => {
    const method = request.method ?? "GET";
    const target = parseAbsoluteUrl(request.url);
    if (!target) {
      record(method, request.url ?? "", "not-a-proxy-request");
      return refuse(response, "not a proxy request");
    }
    const verdict = judge(target, allowed);
    if (!record(method, target.href, verdict)) return refuse(response, verdict);
    forward(request, response, target);
  });

  server.on("connect", (request: IncomingMessage, socket: Duplex) => {
    record("CONNECT", request.url ?? "", "connect-tunnel");
    refuseSocket(socket, detached);
  });
  server.on("upgrade", (request: IncomingMessage, socket: Duplex) => {
    record(request.method ?? "GET", request.url ?? "", "websocket-upgrade");
    refuseSocket(socket, detached);
  });
  // A client that drops its connection mid-request must not crash the test process.
  server.on("clientError", (_error, socket: Duplex) => socket.destroy());

  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    log: () => records,
    checked: () => records.length,
    unexpected: () => records.filter((entry) => !entry.allowed),
    reset: () => void (records = []),
    close: () =>
      new Promise<void>((done) => {
        for (const socket of detached) socket.destroy();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Firefox prefs that send every request, loopback included, through the proxy on `port`, with no way around it. */
export function proxyPrefs(port: number): Record<string, string | number | boolean> {
  return {
    "network.proxy.type": 1,
    "network.proxy.http": "127.0.0.1",
    "network.proxy.http_port": port,
    "network.proxy.ssl": "127.0.0.1",
    "network.proxy.ssl_port": port,
    "network.proxy.share_proxy_settings": false,
    // Firefox bypasses the proxy for localhost and 127.0.0.1 unless told not to.
    "network.proxy.no_proxies_on": "",
    "network.proxy.allow_hijacking_localhost": true,
    // If the proxy were down, Firefox could otherwise retry without it and the audit would see nothing.
    "network.proxy.failover_direct": false,
    // No SOCKS proxy is set, but if one ever were, names must not be resolved locally.
    "network.proxy.socks_remote_dns": true,
    // HTTP/3 runs over UDP, which an HTTP proxy cannot carry; keep every request on TCP through the proxy.
    "network.http.http3.enable": false,
    // WebRTC would send STUN/ICE over UDP around the proxy; proxy_only keeps it on the (audited) proxy path.
    "media.peerconnection.ice.proxy_only": true,
  };
}

/** Print "egress audit: N requests checked, M unexpected" and throw, listing them, when M is not 0. */
export function auditEgress(proxy: Pick<EgressProxy, "checked" | "unexpected">, print: (line: string) => void = console.log): void {
  const unexpected = proxy.unexpected();
  print(`egress audit: ${proxy.checked()} requests checked, ${unexpected.length} unexpected`);
  if (unexpected.length === 0) return;
  const lines = unexpected.map((entry) => `  ${new Date(entry.at).toISOString()} ${entry.method} ${entry.url} (${entry.verdict})`);
  throw new Error(`egress audit: ${unexpected.length} unexpected request(s):\n${lines.join("\n")}`);
}

function parseAbsoluteUrl(raw: string | undefined): URL | null {
  // A proxy request line carries an absolute URI; a path alone means someone spoke to the proxy as a web server.
  if (!raw || !/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

function judge(target: URL, allowed: (url: string) => boolean): EgressVerdict {
  if (target.protocol !== "http:" || !LOOPBACK_HOSTS.has(target.hostname)) return "not-loopback";
  return allowed(target.href) ? "forwarded" : "refused-by-rule";
}

function forward(request: IncomingMessage, response: ServerResponse, target: URL): void {
  // "localhost" is mapped here rather than resolved, so the proxy never asks a resolver anything.
  const upstream = httpRequest(
    {
      host: "127.0.0.1",
      port: Number(target.port || 80),
      method: request.method,
      path: `${target.pathname}${target.search}`,
      headers: endToEndHeaders(request.headers),
      agent: false,
    },
    (reply) => {
      response.writeHead(reply.statusCode ?? 502, reply.statusMessage, endToEndHeaders(reply.headers));
      // A body the server cuts off must reach Firefox as a cut connection too, or the download would wait forever.
      reply.on("aborted", () => response.destroy());
      reply.on("error", () => response.destroy());
      reply.pipe(response);
    },
  );
  upstream.on("error", () => {
    if (!response.headersSent) response.writeHead(502, { "content-type": "text/plain" });
    response.end("egress proxy: upstream failed");
  });
  response.on("close", () => upstream.destroy());
  request.pipe(upstream);
}

function endToEndHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const kept: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name) && value !== undefined) kept[name] = value;
  }
  return kept;
}

function refuse(response: ServerResponse, why: string): void {
  response.writeHead(403, { "content-type": "text/plain", connection: "close" });
  response.end(`egress proxy: refused (${why})`);
}

function refuseSocket(socket: Duplex, detached: Set<Duplex>): void {
  detached.add(socket);
  socket.on("close", () => detached.delete(socket));
  socket.on("error", () => socket.destroy());
  (socket as Socket).end("HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
}
