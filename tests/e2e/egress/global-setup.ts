/**
 * Vitest globalSetup for the e2e config: one egress audit proxy for the whole run. Tests (the harness) read its port
 * with `inject("egressProxyPort")` and launch Firefox with `proxyPrefs(port)`; when the run ends the audit prints its
 * line and fails the run if anything tried to leave the machine.
 *
 * Wire it with `globalSetup: ["tests/e2e/egress/global-setup.ts"]` in vitest.e2e.config.ts.
 */
import type { TestProject } from "vitest/node";
import { auditEgress, startEgressProxy } from "./egress-proxy";

declare module "vitest" {
  export interface ProvidedContext {
    egressProxyPort: number;
  }
}

/** Start the run's audit proxy; the returned teardown audits it and closes it. */
export default async function setupEgressAudit(project: TestProject): Promise<() => Promise<void>> {
  const proxy = await startEgressProxy();
  project.provide("egressProxyPort", proxy.port);
  return async () => {
    try {
      auditEgress(proxy);
    } catch (error) {
      // Vitest only logs a teardown error ("error during close") and still exits 0, so fail the run explicitly.
      process.exitCode = 1;
      throw error;
    } finally {
      await proxy.close();
    }
  };
}
