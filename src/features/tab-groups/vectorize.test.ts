import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tabTerms } from "./tab-terms";
import { similarityMatrix, vectorizeTabs, type TabVectors } from "./vectorize";

function vectorsFor(tabs: { title: string; url: string }[]): { vectors: TabVectors; similarity: Float64Array } {
  const vectors = vectorizeTabs(tabs.map((tab) => tabTerms(tab)));
  return { vectors, similarity: similarityMatrix(vectors) };
}

// Cosine similarity computed the slow, obvious way from the sparse rows.
function slowCosine(vectors: TabVectors, i: number, j: number): number {
  const row = (r: number): Map<number, number> => {
    const entries = new Map<number, number>();
    for (let k = vectors.offsets[r] ?? 0; k < (vectors.offsets[r + 1] ?? 0); k++) {
      entries.set(vectors.featureIds[k] ?? -1, vectors.weights[k] ?? 0);
    }
    return entries;
  };
  const a = row(i);
  const b = row(j);
  let dot = 0;
  for (const [id, weight] of a) dot += weight * (b.get(id) ?? 0);
  return dot;
}

describe("vectorizeTabs", () => {
  it("normalizes every non-empty row to unit length and leaves blank pages empty", () => {
    const { vectors } = vectorsFor([
      { title: "Sourdough starter", url: "https://a.example/" },
      { title: "New Tab", url: "about:newtab" },
    ]);
    let norm = 0;
    for (let k = vectors.offsets[0] ?? 0; k < (vectors.offsets[1] ?? 0); k++) norm += (vectors.weights[k] ?? 0) ** 2;
    expect(norm).toBeCloseTo(1, 12);
    expect(vectors.offsets[2]).toBe(vectors.offsets[1]);
  });

  it("weighs a word shared by every tab of the window below a word only some share", () => {
    const { vectors } = vectorsFor([
      { title: "kyoto temples", url: "https://a.example/" },
      { title: "kyoto hotels", url: "https://b.example/" },
      { title: "kyoto food", url: "https://c.example/" },
      { title: "temples of nara", url: "https://d.example/" },
    ]);
    const idf = (feature: string): number => vectors.idf[vectors.features.indexOf(feature)] ?? Number.NaN;
    expect(idf("kyoto")).toBeLessThan(idf("temple"));
    expect(idf("temple")).toBeLessThan(idf("nara"));
  });
});

describe("similarityMatrix", () => {
  it("is 1 for identical tabs, 0 for tabs that share nothing, symmetric in between", () => {
    const { similarity } = vectorsFor([
      { title: "Sourdough starter recipe", url: "https://bread.example/starter" },
      { title: "Sourdough starter recipe", url: "https://bread.example/starter" },
      { title: "Ferritin blood test", url: "https://health.example/ferritin" },
      { title: "Sourdough crumb", url: "https://forum.example/crumb" },
    ]);
    expect(similarity[0 * 4 + 1]).toBeCloseTo(1, 12);
    expect(similarity[0 * 4 + 2]).toBe(0);
    expect(similarity[0 * 4 + 3]).toBeGreaterThan(0);
    expect(similarity[0 * 4 + 3]).toBeLessThan(1);
    expect(similarity[3 * 4 + 0]).toBe(similarity[0 * 4 + 3]);
    expect(similarity[2 * 4 + 2]).toBe(1);
  });

  it("lets tabs of one host split by topic: sharing only a host scores far below sharing topic words", () => {
    const { similarity } = vectorsFor([
      { title: "tokio-rs/axum: web framework", url: "https://github.com/tokio-rs/axum" },
      { title: "Shared state in axum handlers", url: "https://github.com/tokio-rs/axum/issues/1" },
      { title: "jellyfin/jellyfin: media system", url: "https://github.com/jellyfin/jellyfin" },
      { title: "linuxserver/docker-jellyfin", url: "https://github.com/linuxserver/docker-jellyfin" },
    ]);
    const sameTopic = Math.min(similarity[0 * 4 + 1] ?? 0, similarity[2 * 4 + 3] ?? 0);
    const sameHostOnly = Math.max(similarity[0 * 4 + 2] ?? 0, similarity[1 * 4 + 3] ?? 0);
    expect(sameTopic).toBeGreaterThan(4 * sameHostOnly);
  });

  it("matches a direct dot product of the sparse rows for any titles", () => {
    const words = ["kyoto", "rust", "bread", "iron", "laptop", "election", "spanish", "docker", "tokyo", "sourdough"];
    const title = fc.array(fc.constantFrom(...words), { maxLength: 6 }).map((list) => list.join(" "));
    const host = fc.constantFrom("a.example", "b.example", "github.com", "docs.google.com");
    fc.assert(
      fc.property(fc.array(fc.tuple(title, host), { minLength: 1, maxLength: 12 }), (tabs) => {
        const { vectors, similarity } = vectorsFor(tabs.map(([t, h]) => ({ title: t, url: `https://${h}/` })));
        const n = tabs.length;
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            if (i !== j) expect(similarity[i * n + j]).toBeCloseTo(slowCosine(vectors, i, j), 12);
          }
        }
      }),
    );
  });
});
