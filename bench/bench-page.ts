/**
 * Drives the bench page (src/bench/engine-bench.ts) in the test build: Firefox ESR with Hearth installed, launched
 * by the e2e harness, every request audited by the egress proxy, the model served from the fixture server.
 */
import type { Page } from "puppeteer-core";
import type { EngineBenchApi } from "../src/bench/bench-api";
import { auditEgress, startEgressProxy, type EgressProxy } from "../tests/e2e/egress/egress-proxy";
import { launchHearth, type HearthBrowser } from "../tests/e2e/harness";
import { BENCH_PAGE } from "./bench-deps";
import { extensionWorkerCpuSeconds } from "./cpu-time";

type Api = EngineBenchApi;

export interface BenchPage {
  /** Call one of the page's measurements and wait for its result. */
  call<K extends keyof Api>(name: K, ...args: Parameters<Api[K]>): Promise<Awaited<ReturnType<Api[K]>>>;
  /** CPU seconds the add-on's worker threads (the wllama worker) have used so far; null where unknown. */
  workerCpuSeconds(): number | null;
  /** Close Firefox, then print the egress audit line (and throw if anything tried to leave the machine). */
  close(): Promise<void>;
}

/** Start Firefox with Hearth and open the bench page. */
export async function openBenchPage(): Promise<BenchPage> {
  const proxy: EgressProxy = await startEgressProxy();
  let hearth: HearthBrowser | null = null;
  let page: Page;
  try {
    // Firefox rounds performance.now() to 1 ms by default (a timing-attack defence); the host's overhead is smaller.
    hearth = await launchHearth({ egressProxyPort: proxy.port, prefs: { "privacy.reduceTimerPrecision": false } });
    page = await hearth.openExtensionPage(BENCH_PAGE, "body[data-ready]");
  } catch (error) {
    await hearth?.close();
    await proxy.close();
    throw error;
  }
  const firefox = hearth;
  return {
    call(name, ...args) {
      return page.evaluate(
        (method: string, methodArgs: unknown[]) => {
          const api = window.hearthBench;
          if (!api) throw new Error("window.hearthBench is missing: is this the test build?");
          const fn = api[method as keyof typeof api] as (...a: unknown[]) => Promise<unknown>;
          return fn(...methodArgs);
        },
        name,
        args,
      ) as Promise<Awaited<ReturnType<Api[typeof name]>>>;
    },
    workerCpuSeconds() {
      const pid = firefox.browser.process()?.pid;
      return pid === undefined ? null : extensionWorkerCpuSeconds(pid);
    },
    async close() {
      try {
        await firefox.close();
        auditEgress(proxy, (line) => console.log(`  ${line}`));
      } finally {
        await proxy.close();
      }
    },
  };
}
