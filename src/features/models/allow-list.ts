/**
 * Where model downloads may come from: Hugging Face (huggingface.co, hf.co and their CDN subdomains, over HTTPS) and
 * this computer (127.0.0.1, localhost, [::1]: tests and local mirrors). Everything else is refused before any request.
 * The extension's CSP (connect-src) enforces the same on every redirect hop; this check gives the clear error.
 */
import { ModelFileError } from "../../shared/protocol/errors";

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

/** True for this computer's addresses (local mirrors, tests). */
export function isLoopbackUrl(raw: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(raw).hostname);
  } catch {
    return false;
  }
}
