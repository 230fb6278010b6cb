/**
 * What a tab's URL says about it: the host (a site feature), the registrable site (so mail.google.com and
 * docs.google.com are related but not the same), and the words of its path and search query.
 */
import { PATH_STOP_WORDS } from "./stop-words";
import { looksLikeId, tokenizeText, type Token } from "./tokenize";

export interface UrlParts {
  /** Lowercase host without "www."/"m."; for non-web pages the scheme ("about", "file"). */
  host: string;
  /** Registrable domain, e.g. "google.com" for docs.google.com, "bbc.co.uk" for news.bbc.co.uk. */
  site: string;
  /** The site's name part, e.g. "google", "bbc". */
  siteLabel: string;
  /** Terms from the path segments and the search query, in order. */
  pathTokens: Token[];
  /** New-tab, home and blank pages: nothing to group by. */
  isBlank: boolean;
}

const BLANK_PAGES = new Set(["about:blank", "about:newtab", "about:home", "about:privatebrowsing"]);
// Second-level labels under which country-code domains are registered (bbc.co.uk, abc.net.au, nic.gov.br).
const SECOND_LEVEL_LABELS = new Set(["co", "com", "org", "net", "ac", "gov", "edu", "or", "ne", "go", "gob", "nic", "mil"]);
const DROPPED_HOST_PREFIXES = /^(?:www\d?|m|mobile)\./;
// Query keys that carry what the user searched for on common search engines and site searches.
const SEARCH_KEYS = ["q", "query", "search_query", "k", "keywords", "search", "term", "text", "wd", "p"];
const PIECE_SEPARATORS = /[-_.+~,;=@!$&*'()]+/;
const FILE_EXTENSION = /\.(?:s?html?|php\d?|aspx?|jsp|cgi|md|txt|pdf)$/i;
const LOWER_TO_UPPER = /\p{Ll}\p{Lu}/gu;

function registrableSite(host: string): string {
  const labels = host.split(".");
  if (labels.length <= 2 || /^[\d.]+$/.test(host)) return host;
  const tld = labels[labels.length - 1] ?? "";
  const second = labels[labels.length - 2] ?? "";
  const keep = tld.length === 2 && SECOND_LEVEL_LABELS.has(second) ? 3 : 2;
  return labels.slice(-keep).join(".");
}

// Random-looking mixed case ("sTAiSjyOq4s", "QzXgYlVbHk") is an id, not camelCase words.
function looksLikeRandomCase(piece: string): boolean {
  return piece.length >= 8 && (piece.match(LOWER_TO_UPPER)?.length ?? 0) >= 3;
}

function splitCamelCase(piece: string): string {
  return piece.replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2").replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2");
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Terms of one URL path segment: "Attraction_Review-g1413-Fushimi_Inari.html" → attraction, review, fushimi, inari. */
export function pathSegmentTokens(segment: string): Token[] {
  const tokens: Token[] = [];
  const decoded = safeDecode(segment).replace(FILE_EXTENSION, "");
  for (const piece of decoded.split(PIECE_SEPARATORS)) {
    if (piece === "" || looksLikeId(piece) || looksLikeRandomCase(piece)) continue;
    tokens.push(...tokenizeText(splitCamelCase(piece), PATH_STOP_WORDS));
  }
  return tokens;
}

function searchQueryTokens(params: URLSearchParams): Token[] {
  const tokens: Token[] = [];
  for (const key of SEARCH_KEYS) {
    const value = params.get(key);
    if (value !== null) tokens.push(...tokenizeText(value));
  }
  return tokens;
}

/** Split a tab URL into host, site and path/query terms; never throws, whatever the string. */
export function parseTabUrl(url: string): UrlParts {
  const trimmed = url.trim();
  const isBlank = BLANK_PAGES.has(trimmed.toLowerCase());
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return { host: "", site: "", siteLabel: "", pathTokens: [], isBlank };
  }
  const scheme = parsed.protocol.replace(/:$/, "");
  if (scheme !== "http" && scheme !== "https") {
    const pathTokens = isBlank ? [] : parsed.pathname.split("/").flatMap(pathSegmentTokens);
    return { host: scheme, site: scheme, siteLabel: scheme, pathTokens, isBlank };
  }
  const host = parsed.hostname.toLowerCase().replace(DROPPED_HOST_PREFIXES, "");
  const site = registrableSite(host);
  const siteLabel = site.split(".")[0] ?? site;
  const pathTokens = [...parsed.pathname.split("/").flatMap(pathSegmentTokens), ...searchQueryTokens(parsed.searchParams)];
  return { host, site, siteLabel, pathTokens, isBlank };
}
