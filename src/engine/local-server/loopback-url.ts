/**
 * The local-server backend may only ever talk to this machine. Every request goes through loopbackEndpoint(), so a
 * settings value like "http://127.0.0.1.example.com" or "http://localhost@example.com" is refused before any byte is
 * sent anywhere.
 */
import { LocalServerError } from "../../shared/protocol/errors";

/** Hostnames as WHATWG URL normalizes them ("0x7f.1" becomes "127.0.0.1", "[0:0::1]" becomes "[::1]"). */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** llamafile's default address. */
export const LLAMAFILE_URL = "http://127.0.0.1:8080";
/** Ollama's default address. */
export const OLLAMA_URL = "http://127.0.0.1:11434";

/**
 * The server's base URL without a trailing "/v1" or slash, or LocalServerError when it is not a loopback http(s) URL.
 * Example: loopbackBase("http://localhost:11434/v1/") === "http://localhost:11434".
 */
export function loopbackBase(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new LocalServerError(`"${raw}" is not a valid address. Use e.g. ${LLAMAFILE_URL} (llamafile) or ${OLLAMA_URL} (Ollama).`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new LocalServerError(`The local server address must start with http:// (got ${url.protocol}).`);
  }
  if (!LOOPBACK_HOSTS.has(url.hostname) || url.username !== "" || url.password !== "") {
    throw new LocalServerError(
      `Hearth only talks to a server on this computer (127.0.0.1, localhost or [::1]); "${raw}" points elsewhere.`,
    );
  }
  const path = url.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
  return `${url.protocol}//${url.host}${path}`;
}

/** The absolute URL of `path` (e.g. "/v1/models") on the loopback server at `base`; throws like loopbackBase(). */
export function loopbackEndpoint(base: string, path: string): string {
  return `${loopbackBase(base)}${path}`;
}
