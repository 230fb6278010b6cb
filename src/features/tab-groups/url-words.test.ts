import { describe, expect, it } from "vitest";
import { parseTabUrl, pathSegmentTokens } from "./url-words";

const pathTerms = (url: string): string[] => parseTabUrl(url).pathTokens.map((token) => token.term);

describe("parseTabUrl", () => {
  it("drops www. and finds the registrable site", () => {
    expect(parseTabUrl("https://www.booking.com/x")).toMatchObject({ host: "booking.com", site: "booking.com" });
    expect(parseTabUrl("https://docs.google.com/x")).toMatchObject({ host: "docs.google.com", site: "google.com", siteLabel: "google" });
    expect(parseTabUrl("https://news.bbc.co.uk/x")).toMatchObject({ site: "bbc.co.uk", siteLabel: "bbc" });
    expect(parseTabUrl("https://m.example.org/")).toMatchObject({ host: "example.org" });
  });

  it("splits camelCase, kebab-case and snake_case path segments and drops ids and file extensions", () => {
    expect(pathTerms("https://github.com/tokio-rs/axumRouterGuide/blob/main/README.md")).toEqual([
      "tokio",
      "rs",
      "axum",
      "router",
    ]);
    expect(pathTerms("https://www.reddit.com/r/JapanTravel/comments/1b9x7kq/2_week_itinerary/")).toEqual([
      "japan",
      "travel",
      "week",
      "itinerary",
    ]);
  });

  it("reads the search query of search pages but not tracking parameters or video ids", () => {
    expect(pathTerms("https://www.google.com/search?q=sourdough+starter&client=firefox-b-d")).toEqual(["sourdough", "starter"]);
    expect(pathTerms("https://www.youtube.com/watch?v=sTAiSjyOq4s")).toEqual([]);
  });

  it("marks new-tab and blank pages, and names other non-web pages by their scheme", () => {
    expect(parseTabUrl("about:newtab").isBlank).toBe(true);
    expect(parseTabUrl("about:blank").isBlank).toBe(true);
    expect(parseTabUrl("about:preferences#privacy")).toMatchObject({ host: "about", isBlank: false });
    expect(parseTabUrl("file:///home/anna/trip-plan.pdf")).toMatchObject({ host: "file" });
  });

  it("never throws on garbage", () => {
    expect(parseTabUrl("not a url")).toEqual({ host: "", site: "", siteLabel: "", pathTokens: [], isBlank: false });
    expect(parseTabUrl("https://example.com/%E0%A4%A")).toMatchObject({ host: "example.com" });
  });
});

describe("pathSegmentTokens", () => {
  it("decodes percent-encoding and keeps non-Latin slugs", () => {
    expect(pathSegmentTokens("%D0%B1%D0%BE%D1%80%D1%89-recipe").map((t) => t.term)).toEqual(["борщ", "recipe"]);
  });

  it("treats random mixed-case segments as ids", () => {
    expect(pathSegmentTokens("QzXgYlVbHkPq")).toEqual([]);
  });
});
