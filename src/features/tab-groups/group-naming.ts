/**
 * Names a cluster from its key words when no model is loaded: the terms that weigh most across its tabs and that
 * several of them share, shown the way the titles spell them and in the order titles use them ("Iron Deficiency",
 * not "Deficiency Iron").
 */
import type { TabTerms } from "./tab-terms";
import type { TabVectors } from "./vectorize";

export interface ClusterDescription {
  /** Best first, as the titles spell them. */
  keywords: string[];
  /** 1-2 words, title-cased where the script has case. */
  name: string;
}

const MAX_KEYWORDS = 5;
const MAX_NAME_WORDS = 2;
// A second word joins the name only if it matters about as much as the first.
const SECOND_WORD_MIN_RATIO = 0.5;
const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

interface TermScore {
  featureId: number;
  weight: number;
  coverage: number;
  score: number;
}

/** Show a word the way a name should: "sourdough" → "Sourdough", "POLITICO" → "Politico"; "MacBook", "CDU" kept. */
export function displayWord(surface: string): string {
  const chars = Array.from(surface);
  const first = chars[0] ?? "";
  const rest = chars.slice(1).join("");
  const isShouted = surface.length > 4 && surface === surface.toUpperCase() && surface !== surface.toLowerCase();
  if (isShouted) return first + rest.toLowerCase();
  if (rest !== rest.toLowerCase()) return surface;
  return first.toUpperCase() + rest;
}

function scoreTerms(members: readonly number[], vectors: TabVectors): TermScore[] {
  const totals = new Map<number, { weight: number; coverage: number }>();
  for (const i of members) {
    for (let k = vectors.offsets[i] ?? 0; k < (vectors.offsets[i + 1] ?? 0); k++) {
      const featureId = vectors.featureIds[k] ?? 0;
      const total = totals.get(featureId) ?? { weight: 0, coverage: 0 };
      total.weight += vectors.weights[k] ?? 0;
      total.coverage += 1;
      totals.set(featureId, total);
    }
  }
  return [...totals.entries()].map(([featureId, { weight, coverage }]) => ({
    featureId,
    weight,
    coverage,
    score: (weight * coverage) / members.length,
  }));
}

function isSiteFeature(key: string): boolean {
  return key.startsWith("host:") || key.startsWith("site:");
}

function siteName(key: string): string {
  const domain = key.slice(key.indexOf(":") + 1);
  const labels = domain.split(".");
  return displayWord(labels.length > 1 ? (labels[labels.length - 2] ?? domain) : domain);
}

interface Spelling {
  surface: string;
  /** Mean position of the term within the titles that contain it, 0 = first word. */
  position: number;
}

function spellings(members: readonly number[], terms: readonly TabTerms[]): Map<string, Spelling> {
  const counts = new Map<string, Map<string, number>>();
  const positions = new Map<string, number[]>();
  for (const i of members) {
    const tokens = terms[i]?.titleTokens ?? [];
    const seen = new Set<string>();
    tokens.forEach(({ term, surface }, index) => {
      const surfaceCounts = counts.get(term) ?? new Map<string, number>();
      surfaceCounts.set(surface, (surfaceCounts.get(surface) ?? 0) + 1);
      counts.set(term, surfaceCounts);
      if (!seen.has(term)) {
        seen.add(term);
        positions.set(term, [...(positions.get(term) ?? []), index / Math.max(1, tokens.length - 1)]);
      }
    });
  }
  const result = new Map<string, Spelling>();
  for (const [term, surfaceCounts] of counts) {
    // Most frequent spelling; ties go to the alphabetically first so the choice does not depend on tab order.
    const [surface] = [...surfaceCounts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? [term];
    const termPositions = positions.get(term) ?? [0];
    result.set(term, { surface, position: termPositions.reduce((sum, p) => sum + p, 0) / termPositions.length });
  }
  return result;
}

/** Key words and a fallback name for the tabs `members` (indices into `terms` and `vectors`). */
export function describeCluster(members: readonly number[], terms: readonly TabTerms[], vectors: TabVectors): ClusterDescription {
  const scored = scoreTerms(members, vectors).sort((a, b) => b.score - a.score || a.featureId - b.featureId);
  const shared = scored.filter(({ coverage }) => coverage >= Math.min(2, members.length));
  const words = shared.filter(({ featureId }) => !isSiteFeature(vectors.features[featureId] ?? ""));
  const spelled = spellings(members, terms);
  const spell = (featureId: number): Spelling => {
    const term = vectors.features[featureId] ?? "";
    return spelled.get(term) ?? { surface: term, position: 1 };
  };
  // Equal scores (identical titles) go to the word the titles put first, then to the feature id, for stability.
  words.sort(
    (a, b) => b.score - a.score || spell(a.featureId).position - spell(b.featureId).position || a.featureId - b.featureId,
  );
  const keywords = words.slice(0, MAX_KEYWORDS).map(({ featureId }) => spell(featureId).surface);

  const [first, ...others] = words;
  if (first === undefined) {
    const site = shared.find(({ featureId }) => isSiteFeature(vectors.features[featureId] ?? ""));
    const fallback = site ?? scored[0];
    const key = fallback === undefined ? "" : (vectors.features[fallback.featureId] ?? "");
    // Clusters only form around a shared feature, so the last resort should never show; it keeps the name non-empty.
    return { keywords, name: (isSiteFeature(key) ? siteName(key) : displayWord(key)) || "Tabs" };
  }
  const chosen = [first];
  const firstSurface = spell(first.featureId).surface;
  if (!NO_SPACE_SCRIPT.test(firstSurface)) {
    for (const candidate of others) {
      if (chosen.length >= MAX_NAME_WORDS || candidate.score < SECOND_WORD_MIN_RATIO * first.score) break;
      if (!NO_SPACE_SCRIPT.test(spell(candidate.featureId).surface)) chosen.push(candidate);
    }
  }
  const name = chosen
    .map(({ featureId }) => spell(featureId))
    .sort((a, b) => a.position - b.position)
    .map(({ surface }) => displayWord(surface))
    .join(" ");
  return { keywords, name };
}
