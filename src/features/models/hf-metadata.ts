/**
 * The sha256 Hugging Face publishes for a file (its Git LFS object id), for catalog entries whose checksum Hearth
 * could not confirm in advance. One request to the Hub's tree API, which lists each LFS file's sha256; it is logged
 * like any other request.
 */
import { isSha256Hex } from "./sha256";

export interface HubFile {
  repo: string;
  revision: string;
  path: string;
}

/** The repo, revision and path of a https://huggingface.co/<owner>/<repo>/resolve/<revision>/<path> URL, or null. */
export function hubFileOf(raw: string): HubFile | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" || url.hostname !== "huggingface.co") return null;
  const match = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
  if (!match?.[1] || !match[2] || !match[3]) return null;
  return { repo: match[1], revision: decodeURIComponent(match[2]), path: decodeURIComponent(match[3]) };
}

/** The tree-API URL that lists the folder holding `file`. */
export function hubTreeUrl(file: HubFile): string {
  const folder = file.path.includes("/") ? `/${file.path.slice(0, file.path.lastIndexOf("/"))}` : "";
  return `https://huggingface.co/api/models/${file.repo}/tree/${encodeURIComponent(file.revision)}${folder}`;
}

/** The LFS sha256 of `file` in a tree-API listing, or null when the listing does not have one. */
export function lfsSha256In(listing: unknown, file: HubFile): string | null {
  if (!Array.isArray(listing)) return null;
  for (const entry of listing as { path?: unknown; lfs?: { oid?: unknown } }[]) {
    const oid = entry?.lfs?.oid;
    if (entry?.path === file.path && typeof oid === "string" && isSha256Hex(oid)) return oid.toLowerCase();
  }
  return null;
}

/** The sha256 a host states in response headers (Hugging Face's X-Linked-Etag for LFS files), or null. */
export function sha256FromHeaders(headers: Headers): string | null {
  for (const name of ["x-linked-etag", "etag"]) {
    const value = headers.get(name)?.replace(/^W\//, "").replaceAll('"', "").trim() ?? "";
    if (isSha256Hex(value)) return value.toLowerCase();
  }
  return null;
}
