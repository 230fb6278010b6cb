/**
 * Where Hearth's own requests may go, one rule per purpose (egress.ts applies them to every request):
 *   - model downloads: Hugging Face (huggingface.co, hf.co and their CDN subdomains, over HTTPS) and this computer
 *     (127.0.0.1, localhost, [::1]: tests and local mirrors);
 *   - the opt-in local server (llamafile, Ollama): this computer only;
 *   - the PDF open in the tab the user asked about: that tab's own http(s) address;
 *   - the add-on's own packaged files.
 * Everything else is refused before any request is made.
 */
import { ModelFileError } from "../protocol/errors";

const REMOTE_DOMAINS = ["huggingface.co", "hf.co"];
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Why a URL is refused, or null when downloads from it are allowed. */
export function downloadRefusal(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw.slice(0, 200)}" is not a web address.`;
  }
  if (url.username || url.password) return "Model addresses may not carry a user name or password.";
  if (LOOPBACK_HOSTS.has(url.hostname)) {
    return url.protocol === "http:" || url.protocol === "https:" ? null : `Only http(s) is allowed, not ${url.protocol}`;
  }
  const host = url.hostname.toLowerCase();
  const onHuggingFace = REMOTE_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
  if (!onHuggingFace) {
    return `Hearth downloads models only from Hugging Face (huggingface.co) or from this computer; ${host} is not allowed.`;
  }
  if (url.protocol !== "https:") return `Downloads from ${host} must use https.`;
  if (url.port !== "") return `Downloads from ${host} must use the standard https port.`;
  return null;
}

/** Throws ModelFileError unless downloads from `url` are allowed. */
export function assertDownloadAllowed(url: string): void {
  const refusal = downloadRefusal(url);
  if (refusal) throw new ModelFileError(refusal);
}

/** Why a request to the opt-in local server at `raw` is refused, or null when it is on this computer. */
export function localServerRefusal(raw: string): string | null {
  const url = parse(raw);
  if (!url) return `"${raw.slice(0, 200)}" is not a web address.`;
  if (!LOOPBACK_HOSTS.has(url.hostname)) return `The local server must be on this computer (127.0.0.1, localhost or [::1]), not ${url.hostname}.`;
  if (url.protocol !== "http:" && url.protocol !== "https:") return `Only http(s) is allowed, not ${url.protocol}`;
  return null;
}

/** Why fetching the PDF a tab shows at `raw` is refused, or null for a plain http(s) address. */
export function tabPdfRefusal(raw: string): string | null {
  const url = parse(raw);
  if (!url) return `"${raw.slice(0, 200)}" is not a web address.`;
  if (url.protocol !== "http:" && url.protocol !== "https:") return `Hearth fetches a tab's PDF over http(s) only, not ${url.protocol}`;
  if (url.username || url.password) return "A PDF address may not carry a user name or password.";
  return null;
}

/** Why reading `raw` as one of the add-on's own files is refused, or null when it is inside `ownOrigin`. */
export function packagedRefusal(raw: string, ownOrigin: string | undefined): string | null {
  const url = parse(raw);
  if (!url) return `"${raw.slice(0, 200)}" is not a web address.`;
  // Scheme and host, not url.origin: URL implementations outside the browser give "null" for moz-extension:.
  const origin = `${url.protocol}//${url.host}`;
  if (ownOrigin && ownOrigin !== "null" && origin === ownOrigin) return null;
  return `${origin} is not inside the add-on.`;
}

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** True for this computer's addresses (local mirrors, tests). */
export function isLoopbackUrl(raw: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(raw).hostname);
  } catch {
    return false;
  }
}
