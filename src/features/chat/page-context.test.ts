import { describe, expect, it } from "vitest";
import { approximateCountTokens } from "../summarize/approx-tokens";
import type { DocBlock } from "../summarize/document";
import { hasReadableText, pageContextFor } from "./page-context";

const block = (index: number, kind: DocBlock["kind"], text: string, level?: number): DocBlock => ({
  kind,
  text,
  ...(level && { level }),
  sourceRef: { anchor: `page:${index}` },
});

const sections = ["Origins", "Construction", "Automation", "Preservation"];
const topics = [
  "The first lighthouses were fires kept burning on hilltops by harbour towns.",
  "Stone towers were built on rocks far out at sea, often over many summers.",
  "Automation replaced the keepers once electric lamps and radio control arrived.",
  "Volunteer societies now repair old towers and open them to visitors.",
];
const blocks: DocBlock[] = sections.flatMap((title, i) => [
  block(i * 2, "heading", title, 2),
  block(i * 2 + 1, "paragraph", `${topics[i]} ${"It is a long story with many details and dates. ".repeat(3)}`),
]);
const article = { title: "A history of lighthouses", url: "https://example.com/h", blocks };

describe("pageContextFor", () => {
  it("numbers passages in page order and labels each with its heading", async () => {
    const page = await pageContextFor(article, "Who repairs old towers?", { budget: 10_000, countTokens: approximateCountTokens });
    expect(page.title).toBe("A history of lighthouses");
    const numbers = page.passages.map((p) => p.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(page.passages.find((p) => p.text.includes("Volunteer societies"))?.section).toBe("Preservation");
  });

  it("within a small budget keeps the passage that answers the question", async () => {
    const page = await pageContextFor(article, "Who repairs old towers today?", { budget: 25, countTokens: approximateCountTokens });
    expect(page.passages.length).toBeGreaterThan(0);
    expect(page.passages.map((p) => p.text).join(" ")).toContain("Volunteer societies");
    expect(page.passages.map((p) => p.text).join(" ")).not.toContain("hilltops");
  });
});

describe("pageContextFor on a PDF", () => {
  it("labels passages with their PDF page when no heading is above them", async () => {
    const pdf = [
      { kind: "paragraph" as const, text: "Revenue grew by twelve percent in the third quarter across Europe.", sourceRef: { page: 1 } },
      { kind: "paragraph" as const, text: "A second supplier of memory chips will be qualified before the end of the year.", sourceRef: { page: 2 } },
    ];
    const page = await pageContextFor({ title: "report.pdf", blocks: pdf }, "Who supplies memory chips?", { budget: 1000, countTokens: approximateCountTokens });
    expect(page.passages.find((p) => p.text.includes("supplier"))?.section).toBe("p. 2");
    expect(page).not.toHaveProperty("url");
  });
});

describe("hasReadableText", () => {
  it("needs text besides headings", () => {
    expect(hasReadableText([block(3, "paragraph", "  "), block(4, "list-item", "An item")])).toBe(true);
    expect(hasReadableText([block(0, "heading", "Title"), block(1, "paragraph", " ")])).toBe(false);
  });
});
