import { describe, expect, it } from "vitest";
import { stripSiteName, tabTerms } from "./tab-terms";

describe("stripSiteName", () => {
  it("drops the site's name from either end of the title", () => {
    expect(stripSiteName("rust - Borrowed value - Stack Overflow", "stackoverflow.com", "stackoverflow")).toBe("rust Borrowed value");
    expect(stripSiteName("Amazon.com: Lenovo ThinkPad", "amazon.com", "amazon")).toBe("Lenovo ThinkPad");
    expect(stripSiteName("Japan trip itinerary - Google Docs", "docs.google.com", "google")).toBe("Japan trip itinerary");
    expect(stripSiteName("Shared state · Issue #1758 · tokio-rs/axum · GitHub", "github.com", "github")).toBe(
      "Shared state Issue #1758 tokio-rs/axum",
    );
  });

  it("keeps titles that are only the site name, and parts that merely mention it", () => {
    expect(stripSiteName("YouTube", "youtube.com", "youtube")).toBe("YouTube");
    expect(stripSiteName("Router in axum - Rust", "docs.rs", "docs")).toBe("Router in axum Rust");
  });
});

describe("tabTerms", () => {
  it("weighs title words above path words and description words", () => {
    const terms = tabTerms({
      title: "Sourdough starter guide",
      url: "https://bake.example/recipes/sourdough-loaf",
      description: "Bake it daily.",
    });
    expect(terms.counts.get("sourdough")).toBeGreaterThan(terms.counts.get("starter") ?? 0);
    expect(terms.counts.get("starter")).toBeGreaterThan(terms.counts.get("loaf") ?? 0);
    expect(terms.counts.get("loaf")).toBe(terms.counts.get("daily"));
    expect(terms.host).toBe("bake.example");
  });

  it("gives blank pages nothing to group by", () => {
    expect(tabTerms({ title: "New Tab", url: "about:newtab" })).toMatchObject({ isBlank: true, host: "" });
    expect(tabTerms({ title: "New Tab", url: "about:newtab" }).counts.size).toBe(0);
  });
});
