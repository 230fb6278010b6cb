// The audit proxy's rules, driven from Node with hand-written proxy requests (no Firefox): what is forwarded, what is
// refused, and that a refused request never reaches the resolver or the network.
import { readFile } from "node:fs/promises";
import { request } from "node:http";
import { isIP } from "node:net";
import { resolve } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFixtureServer, type FixtureServer } from "../fixture-server";
import { auditEgress, loopbackOnly, startEgressProxy, type EgressProxy } from "./egress-proxy";
import { watchOutbound, type OutboundWatch } from "./outbound-watch";

let fixtures: FixtureServer;
let proxy: EgressProxy;
let outbound: OutboundWatch;
const fixturePort = () => Number(new URL(fixtures.origin).port);

interface Answer {
  status: number;
  body: string;
}

/** Send one request to the proxy as a browser would: the request target is an absolute URL (or host:port). */
function viaProxy(method: string, target: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((done, fail) => {
    const outgoing = request({ host: "127.0.0.1", port: proxy.port, method, path: target, headers, agent: false });
    const collect = (status: number, stream: NodeJS.ReadableStream) => {
      let body = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => (body += chunk));
      stream.on("end", () => done({ status, body }));
      stream.on("error", fail);
    };
    outgoing.on("response", (response) => collect(response.statusCode ?? 0, response));
    // A reply to CONNECT arrives as 'connect' whatever its status.
    outgoing.on("connect", (response, socket) => {
      socket.destroy();
      done({ status: response.statusCode ?? 0, body: "" });
    });
    outgoing.on("error", fail);
    outgoing.end();
  });
}

beforeAll(async () => {
  fixtures = await startFixtureServer();
  proxy = await startEgressProxy({ allowed: (url) => loopbackOnly(url) && !url.includes("/forbidden") });
});
afterAll(async () => {
  await proxy?.close();
  await fixtures?.close();
});
beforeEach(() => {
  proxy.reset();
  fixtures.requests.length = 0;
  outbound = watchOutbound();
});
afterEach(() => outbound.stop());

describe("egress proxy rules", () => {
  it("forwards an allowed loopback request and returns the fixture unchanged", async () => {
    const url = fixtures.url("/article.html");
    const answer = await viaProxy("GET", url, { host: new URL(url).host, "proxy-connection": "keep-alive" });
    const fixture = await readFile(resolve(import.meta.dirname, "../fixtures/article.html"), "utf8");
    expect(answer).toEqual({ status: 200, body: fixture });
    expect(fixtures.requests.map((r) => r.path)).toEqual(["/article.html"]);
    expect(fixtures.requests[0]?.headers["proxy-connection"]).toBeUndefined();
    expect(proxy.log()).toMatchObject([{ method: "GET", url, allowed: true, verdict: "forwarded" }]);
    expect(proxy.checked()).toBe(1);
    expect(proxy.unexpected()).toEqual([]);
  });

  it("forwards localhost to 127.0.0.1 without asking the resolver", async () => {
    const answer = await viaProxy("GET", `http://localhost:${fixturePort()}/article.html?q=1`);
    expect(answer.status).toBe(200);
    expect(fixtures.requests.map((r) => r.path)).toEqual(["/article.html"]);
    expect(outbound.lookups()).not.toContain("localhost");
  });

  it("refuses a loopback URL the rule rejects, without forwarding it", async () => {
    const answer = await viaProxy("GET", fixtures.url("/forbidden"));
    expect(answer.status).toBe(403);
    expect(fixtures.requests).toEqual([]);
    expect(proxy.unexpected()).toMatchObject([{ url: fixtures.url("/forbidden"), allowed: false, verdict: "refused-by-rule" }]);
  });

  it("refuses other hosts even when the rule would allow them, and never resolves or connects to them", async () => {
    const permissive = await startEgressProxy({ allowed: () => true });
    try {
      const answers = await Promise.all(
        ["http://example.invalid/x", "http://93.184.215.14/", "http://[::1]:1/", "http://127.0.0.2/"].map(
          (url) =>
            new Promise<number>((done, fail) => {
              const outgoing = request({ host: "127.0.0.1", port: permissive.port, path: url, agent: false });
              outgoing.on("response", (response) => (response.resume(), done(response.statusCode ?? 0)));
              outgoing.on("error", fail);
              outgoing.end();
            }),
        ),
      );
      expect(answers).toEqual([403, 403, 403, 403]);
      expect(permissive.unexpected().map((entry) => entry.verdict)).toEqual(["not-loopback", "not-loopback", "not-loopback", "not-loopback"]);
    } finally {
      await permissive.close();
    }
    // Node may pass an IP literal through dns.lookup (answered without a resolver); a name never may.
    expect(outbound.lookups().filter((host) => isIP(host) === 0)).toEqual([]);
    expect(new Set(outbound.connections())).toEqual(new Set(["127.0.0.1"]));
  });

  it("never tunnels CONNECT, to the outside or to loopback", async () => {
    expect((await viaProxy("CONNECT", "example.com:443", { host: "example.com:443" })).status).toBe(403);
    expect((await viaProxy("CONNECT", `127.0.0.1:${fixturePort()}`)).status).toBe(403);
    expect(proxy.unexpected()).toMatchObject([
      { method: "CONNECT", url: "example.com:443", allowed: false, verdict: "connect-tunnel" },
      { method: "CONNECT", url: `127.0.0.1:${fixturePort()}`, allowed: false, verdict: "connect-tunnel" },
    ]);
    expect(fixtures.requests).toEqual([]);
    expect(outbound.lookups().filter((host) => isIP(host) === 0)).toEqual([]);
  });

  it("refuses WebSocket upgrades, even to an allowed loopback URL", async () => {
    const upgrade = { connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" };
    expect((await viaProxy("GET", "http://example.org/", upgrade)).status).toBe(403);
    expect((await viaProxy("GET", fixtures.url("/socket"), upgrade)).status).toBe(403);
    expect(proxy.unexpected().map((entry) => [entry.url, entry.verdict])).toEqual([
      ["http://example.org/", "websocket-upgrade"],
      [fixtures.url("/socket"), "websocket-upgrade"],
    ]);
    expect(fixtures.requests).toEqual([]);
  });

  it("refuses a request that is not a proxy request (a bare path)", async () => {
    expect((await viaProxy("GET", "/article.html")).status).toBe(403);
    expect(proxy.unexpected()).toMatchObject([{ url: "/article.html", verdict: "not-a-proxy-request" }]);
  });

  it("reset() empties the log and checked() counts every request", async () => {
    await viaProxy("GET", fixtures.url("/article.html"));
    await viaProxy("GET", "http://example.invalid/x");
    expect(proxy.checked()).toBe(2);
    expect(proxy.unexpected()).toHaveLength(1);
    proxy.reset();
    expect(proxy.checked()).toBe(0);
    expect(proxy.log()).toEqual([]);
  });
});

describe("auditEgress", () => {
  it("prints the count and passes when nothing was unexpected", async () => {
    await viaProxy("GET", fixtures.url("/article.html"));
    const printed: string[] = [];
    auditEgress(proxy, (line) => printed.push(line));
    expect(printed).toEqual(["egress audit: 1 requests checked, 0 unexpected"]);
  });

  it("prints the count and throws listing each unexpected request", async () => {
    await viaProxy("GET", fixtures.url("/article.html"));
    await viaProxy("GET", "http://example.invalid/x");
    await viaProxy("CONNECT", "example.com:443");
    const printed: string[] = [];
    expect(() => auditEgress(proxy, (line) => printed.push(line))).toThrow(
      /2 unexpected request\(s\):\n.* GET http:\/\/example\.invalid\/x \(not-loopback\)\n.* CONNECT example\.com:443 \(connect-tunnel\)$/,
    );
    expect(printed).toEqual(["egress audit: 3 requests checked, 2 unexpected"]);
  });
});
