/**
 * The weighted bag of words one tab contributes: its title (minus the site's own name), its URL path and search
 * query, and its description when the page gave one. Titles weigh most because they are what the user reads.
 */
import { tokenizeText, type Token } from "./tokenize";
import { parseTabUrl } from "./url-words";

/** The part of a tab the clustering core reads. */
export interface TabText {
  title: string;
  url: string;
  description?: string;
}

export interface TabTerms {
  /** Term → weighted count over title, path and description. */
  counts: Map<string, number>;
  /** Title terms in reading order, with their original spelling, for naming groups. */
  titleTokens: Token[];
  host: string;
  site: string;
  isBlank: boolean;
}

const TITLE_WEIGHT = 1;
// Paths mostly repeat the title as a slug; descriptions are longer and vaguer. Both refine rather than lead.
const PATH_WEIGHT = 0.5;
const DESCRIPTION_WEIGHT = 0.5;
const MAX_DESCRIPTION_CHARS = 300;
// Title parts are separated by " - ", " | ", " · ", " — ", " – ", " » " or ": " ("Amazon.com: ...").
const TITLE_SEPARATORS = /\s+[-|·—–»]\s+|\s*[|·—–»]\s*|:\s+/u;

function compact(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

function isSiteName(part: string, host: string, siteLabel: string): boolean {
  const name = compact(part);
  const label = compact(siteLabel);
  if (name === "" || label === "") return false;
  if (name === label) return true;
  if (name.length >= 3 && compact(host).includes(name)) return true;
  // "Google Docs", "Python 3.12 documentation", "BBC News": the site's name plus a word or two.
  return label.length >= 3 && name.includes(label) && part.trim().split(/\s+/).length <= 4;
}

/**
 * Drop the site's own name from the ends of a title, since the host already says it and it would make every
 * tab of a big site look alike: "Router in axum - Rust" on docs.rs keeps "Rust", "Issue #1 · GitHub" loses "GitHub".
 */
export function stripSiteName(title: string, host: string, siteLabel: string): string {
  const parts = title.split(TITLE_SEPARATORS).filter((part) => part.trim() !== "");
  while (parts.length > 1 && isSiteName(parts[parts.length - 1] ?? "", host, siteLabel)) parts.pop();
  while (parts.length > 1 && isSiteName(parts[0] ?? "", host, siteLabel)) parts.shift();
  return parts.join(" ");
}

function addTokens(counts: Map<string, number>, tokens: readonly Token[], weight: number): void {
  for (const { term } of tokens) counts.set(term, (counts.get(term) ?? 0) + weight);
}

/** Everything the clustering needs to know about one tab's text. */
export function tabTerms(tab: TabText): TabTerms {
  const url = parseTabUrl(tab.url);
  const counts = new Map<string, number>();
  if (url.isBlank) return { counts, titleTokens: [], host: "", site: "", isBlank: true };
  const titleTokens = tokenizeText(stripSiteName(tab.title, url.host, url.siteLabel));
  addTokens(counts, titleTokens, TITLE_WEIGHT);
  addTokens(counts, url.pathTokens, PATH_WEIGHT);
  if (tab.description !== undefined) {
    addTokens(counts, tokenizeText(tab.description.slice(0, MAX_DESCRIPTION_CHARS)), DESCRIPTION_WEIGHT);
  }
  return { counts, titleTokens, host: url.host, site: url.site, isBlank: false };
}
