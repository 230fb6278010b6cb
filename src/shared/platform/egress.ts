/**
 * The one door to the network for Hearth's own code. Every request names its purpose, and each purpose has a rule for
 * where it may go (egress-rules.ts). The rule is checked before the request is made, and again on the address the
 * response finally came from. A redirect is followed by the browser before that second check can run (the CSP lets
 * extension pages reach any https host, because a tab's PDF can come from anywhere), so the second check only keeps
 * Hearth from using such a response; purposes that never need a redirect refuse to follow one at all.
 *
 * ESLint (eslint.config.js) refuses fetch, XMLHttpRequest, WebSocket, EventSource and sendBeacon everywhere else in
 * src/, so this file and egress-rules.ts are the whole list of where Hearth connects. The manifest's CSP
 * (connect-src) is the browser's own backstop. Of the libraries that fetch by themselves, wllama reads only its
 * packaged wasm and pdf.js is given the PDF's bytes; web-llm would fetch its own weights, which is one reason no build
 * offers it yet (src/engine/webllm).
 */
import { PermissionError } from "../protocol/errors";
import { egressCounter, type CountedPurpose } from "./egress-count";
import { downloadRefusal, localServerRefusal, packagedRefusal, tabPdfRefusal } from "./egress-rules";
import { localArea } from "./storage";

export type EgressPurpose =
  /** Model files and their checksums, after the user agreed to the download. */
  | "model-download"
  /** The OpenAI-compatible server on this computer that the user opted into. */
  | "local-server"
  /** The PDF open in the tab the user asked Hearth to summarize or chat about. */
  | "tab-pdf"
  /** Files packaged inside the add-on. */
  | "packaged";

/** Defaults per purpose; the caller's own init wins. No cookies and no referrer unless a purpose needs them. */
const DEFAULTS: Record<EgressPurpose, RequestInit> = {
  "model-download": { credentials: "omit", referrerPolicy: "no-referrer" },
  // A server on this computer has no reason to redirect, and following one would send the prompt elsewhere (FIXED).
  "local-server": { credentials: "omit", referrerPolicy: "no-referrer" },
  // The user's own cookies: the same file the tab shows, which may need the user's login to the site.
  "tab-pdf": { credentials: "include", referrerPolicy: "no-referrer" },
  packaged: {},
};

/** What a caller cannot change. */
const FIXED: Partial<Record<EgressPurpose, RequestInit>> = { "local-server": { redirect: "error" } };

/** Why `purpose` may not reach `url`, or null when it may. */
export function egressRefusal(purpose: EgressPurpose, url: string): string | null {
  switch (purpose) {
    case "model-download":
      return downloadRefusal(url);
    case "local-server":
      return localServerRefusal(url);
    case "tab-pdf":
      return tabPdfRefusal(url);
    case "packaged":
      return packagedRefusal(url, globalThis.location?.origin);
  }
}

export type EgressFetch = (url: string, init?: RequestInit) => Promise<Response>;

export interface EgressOptions {
  fetch?: EgressFetch;
  /** Counts each request let through, for the Privacy section (egress-count.ts); storage.local by default. */
  count?: (purpose: CountedPurpose) => Promise<void>;
}

let storedCount: ((purpose: CountedPurpose) => Promise<void>) | null = null;
/** Counts in storage.local, where the extension has it; elsewhere (unit tests in Node) nothing is counted. */
function defaultCount(purpose: CountedPurpose): Promise<void> {
  if (typeof browser === "undefined" || !browser.storage) return Promise.resolve();
  storedCount ??= egressCounter(localArea);
  return storedCount(purpose);
}

/** The network function to give to code that fetches for one purpose (engines and services take a fetch). */
export function egressFetchFor(purpose: EgressPurpose, options: EgressOptions = {}): EgressFetch {
  const fetchImpl = options.fetch ?? ((url, init) => fetch(url, init));
  const count = options.count ?? defaultCount;
  return async (url, init) => {
    const before = egressRefusal(purpose, url);
    if (before) throw new PermissionError(`Hearth did not connect: ${before}`);
    // Counted before it is made, so a request that fails is counted too; a count that cannot be stored stops nothing.
    if (purpose !== "packaged") await count(purpose).catch(() => undefined);
    const response = await fetchImpl(url, { ...DEFAULTS[purpose], ...init, ...FIXED[purpose] });
    // response.url is where the response finally came from; it is empty for responses made in code (tests).
    const after = response.url ? egressRefusal(purpose, response.url) : null;
    if (after) {
      await response.body?.cancel().catch(() => {});
      throw new PermissionError(`Hearth stopped a redirect: ${after}`);
    }
    return response;
  };
}

/** Make one request for `purpose`; throws PermissionError, without connecting, when the purpose may not reach `url`. */
export function egressFetch(purpose: EgressPurpose, url: string, init?: RequestInit): Promise<Response> {
  return egressFetchFor(purpose)(url, init);
}
