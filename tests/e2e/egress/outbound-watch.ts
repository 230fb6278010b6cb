/**
 * Independent evidence for the egress tests: records every name this Node process asks the resolver for and every
 * TCP connection it opens, so a test can show the proxy neither resolved nor connected to a host it refused.
 */
import dns from "node:dns";
import net from "node:net";
import { vi } from "vitest";

export interface OutboundWatch {
  /** Host names passed to dns.lookup, in order. */
  lookups(): string[];
  /** Hosts (or socket paths) of TCP connections opened, in order. */
  connections(): string[];
  stop(): void;
}

/** Start recording name lookups and socket connections made by this process. */
export function watchOutbound(): OutboundWatch {
  const lookup = vi.spyOn(dns, "lookup");
  const promisedLookup = vi.spyOn(dns.promises, "lookup");
  const connect = vi.spyOn(net.Socket.prototype, "connect");
  return {
    lookups: () => [...lookup.mock.calls, ...promisedLookup.mock.calls].map((call) => String(call[0])),
    connections: () => connect.mock.calls.map((call) => connectTarget(call as unknown[])),
    stop() {
      lookup.mockRestore();
      promisedLookup.mockRestore();
      connect.mockRestore();
    },
  };
}

// Socket#connect takes (options), (port, host), (path) or, from inside node:net, one pre-normalized [options, cb].
function connectTarget(args: unknown[]): string {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === "number") return typeof args[1] === "string" ? args[1] : "localhost";
  if (typeof first === "string") return first;
  if (first && typeof first === "object") {
    const options = first as { host?: unknown; path?: unknown };
    if (typeof options.path === "string") return options.path;
    return typeof options.host === "string" ? options.host : "localhost";
  }
  return String(first);
}
