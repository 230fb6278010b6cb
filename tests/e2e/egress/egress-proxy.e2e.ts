// Real Firefox ESR, with the built add-on, routed through the egress audit proxy: fixture pages go through it and are
// counted, a page reaching for the outside is logged and refused without anything connecting out, and an idle browser
// asks for nothing.
import { existsSync } from "node:fs";
import { isIP } from "node:net";
import puppeteer, { type Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quietFirefoxPrefs } from "../firefox-prefs";
import { startFixtureServer, type FixtureServer } from "../fixture-server";
import { ADDON_DIR, ADDON_ID, ADDON_UUID } from "../harness";
import { auditEgress, proxyPrefs, startEgressProxy, type EgressProxy } from "./egress-proxy";
import { watchOutbound, type OutboundWatch } from "./outbound-watch";

const FIREFOX = process.env.HEARTH_FIREFOX ?? "/usr/bin/firefox-esr";
const IDLE_MS = 5_000;

// Three ways out that a page might try; each must end at the proxy as a refused request.
const PROBE_PAGE = `<!doctype html><meta charset="utf-8"><title>probe</title><body><script>
const attempt = (name, run) => run().then(() => [name, "answered"], (error) => [name, String(error)]);
const socket = () => new Promise((done, fail) => {
  const ws = new WebSocket("ws://example.org/");
  ws.onopen = () => { ws.close(); done(); };
  ws.onerror = () => fail(new Error("websocket error"));
});
Promise.all([
  attempt("http", () => fetch("http://example.invalid/x", { mode: "no-cors" }).then((r) => r.type)),
  attempt("https", () => fetch("https://example.com/", { mode: "no-cors" })),
  attempt("ws", socket),
]).then((results) => { document.body.dataset.results = JSON.stringify(results); });
</script></body>`;

let browser: Browser;
let fixtures: FixtureServer;
let proxy: EgressProxy;
let outbound: OutboundWatch;

beforeAll(async () => {
  if (!existsSync(`${ADDON_DIR}/manifest.json`)) throw new Error("dist/firefox is missing: run `npm run build` first.");
  outbound = watchOutbound();
  fixtures = await startFixtureServer();
  fixtures.route("/egress-probe.html", (_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(PROBE_PAGE);
  });
  proxy = await startEgressProxy({ allowed: (url) => url.startsWith(`${fixtures.origin}/`) });
  browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: "1" },
    extraPrefsFirefox: {
      ...quietFirefoxPrefs,
      ...proxyPrefs(proxy.port),
      "extensions.webextensions.uuids": JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
    },
  });
  await browser.installExtension(ADDON_DIR);
});
afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await fixtures?.close();
  outbound?.stop();
});

describe("Firefox through the egress audit proxy", () => {
  it("makes no unexpected request while starting and installing the add-on", () => {
    expect(proxy.unexpected()).toEqual([]);
  });

  it("sends a fixture page through the proxy, where it is allowed and counted", async () => {
    proxy.reset();
    const url = fixtures.url("/article.html");
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: "load" });
    expect(await page.$eval("h1", (heading) => heading.textContent)).toBeTruthy();
    await page.close();

    const throughProxy = proxy.log().filter((entry) => entry.url === url);
    expect(throughProxy).toMatchObject([{ method: "GET", url, allowed: true, verdict: "forwarded" }]);
    // Every request the fixture server saw came through the proxy: none went around it.
    const forwarded = proxy.log().filter((entry) => entry.allowed).map((entry) => new URL(entry.url).pathname);
    expect(fixtures.requests.map((request) => request.path).sort()).toEqual(forwarded.sort());
    expect(proxy.checked()).toBeGreaterThanOrEqual(1);
    expect(proxy.unexpected()).toEqual([]);
  });

  it("logs a page's http, https and WebSocket attempts as unexpected, and nothing connects out", async () => {
    proxy.reset();
    const page = await browser.newPage();
    await page.goto(fixtures.url("/egress-probe.html"), { waitUntil: "load" });
    const results = await page.waitForFunction(() => document.body.dataset.results, { timeout: 20_000 });
    const outcomes = new Map(JSON.parse((await results.jsonValue()) as string) as [string, string][]);
    await page.close();

    // The http fetch is answered by the proxy's own 403 (opaque in no-cors mode); the tunnels are refused outright.
    expect(Object.fromEntries(outcomes)).toEqual({
      http: "answered",
      https: expect.stringMatching(/TypeError/),
      ws: expect.stringMatching(/websocket error/),
    });
    // Firefox sends ws:// through an HTTP proxy as a CONNECT tunnel to port 80.
    const unexpected = proxy.unexpected().map((entry) => `${entry.method} ${entry.url}`);
    expect(unexpected.sort()).toEqual(["CONNECT example.com:443", "CONNECT example.org:80", "GET http://example.invalid/x"]);
    expect(fixtures.requests.some((request) => request.path === "/x")).toBe(false);
    expect(() => auditEgress(proxy, () => {})).toThrow(/example\.invalid/);

    // This process (the proxy, the fixture server, puppeteer) looked up no name and only ever connected to loopback.
    expect(outbound.lookups().filter((host) => isIP(host) === 0 && host !== "localhost")).toEqual([]);
    expect(outbound.connections().filter((host) => host !== "127.0.0.1" && host !== "localhost" && host !== "::1")).toEqual([]);
  });

  it("makes no unexpected request while idle", async () => {
    const pages = await browser.pages();
    await Promise.all(pages.slice(1).map((page) => page.close()));
    proxy.reset();
    await new Promise((done) => setTimeout(done, IDLE_MS));
    const printed: string[] = [];
    auditEgress(proxy, (line) => printed.push(line));
    expect(printed).toEqual([`egress audit: ${proxy.checked()} requests checked, 0 unexpected`]);
  });
});
