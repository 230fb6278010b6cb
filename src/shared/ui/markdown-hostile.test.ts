// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { HOSTILE_PAYLOADS, hostilePayloads } from "../../../tests/fixtures/hostile/payloads.js";
import { MarkdownStream, renderMarkdown } from "./markdown.js";
import { sanitizerWorks } from "./sanitize-html.js";

/**
 * DOMPurify cannot work on happy-dom (it passes everything through: cure53/DOMPurify#1457), so under Vitest these
 * tests exercise the fail-closed path, where the independent check rejects DOMPurify's output and the block is shown
 * as plain text. The safety assertions hold on either path; the e2e suite renders the same table in Firefox, where
 * DOMPurify does the work and `keepsText` is checked exactly.
 */
// jsdom runs DOMPurify for real (happy-dom does not), so the positive checks below always run.
const viaDomPurify = sanitizerWorks(document);

/**
 * Neutralised, not just deleted: the payload's harmless text must still show. Only checkable where DOMPurify works;
 * on happy-dom its pass-through output is unpredictable (sometimes rejected, sometimes emptied) though never unsafe.
 */
function expectReadable(host: HTMLElement, keepsText: string | undefined): void {
  expect(viaDomPurify).toBe(true);
  if (keepsText !== undefined) expect(host.textContent).toContain(keepsText);
}

/** Elements that execute, load, submit or restyle; none may ever come out of the renderer. */
const FORBIDDEN_ELEMENTS = [
  "script",
  "img",
  "iframe",
  "frame",
  "object",
  "embed",
  "link",
  "meta",
  "base",
  "style",
  "form",
  "input",
  "button",
  "svg",
  "image",
  "use",
  "math",
  "video",
  "audio",
  "source",
  "picture",
  "template",
  "noscript",
  "details",
  "marquee",
  "body",
];

/** Attributes that load, navigate, style or clobber. */
const FORBIDDEN_ATTRIBUTES = [
  "src",
  "srcset",
  "srcdoc",
  "poster",
  "background",
  "style",
  "action",
  "formaction",
  "ping",
  "id",
  "name",
  "data",
];

const SAFE_SCHEME = /^(?:https?:\/\/|mailto:)/i;

/** Every way a rendered tree could be unsafe, as readable strings, so a failure says exactly what leaked. */
function problemsIn(root: ParentNode): string[] {
  const problems: string[] = [];
  for (const tag of FORBIDDEN_ELEMENTS) {
    if (root.querySelector(tag)) problems.push(`<${tag}> element`);
  }
  for (const el of Array.from(root.querySelectorAll("*"))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) problems.push(`${name} handler on <${el.localName}>`);
      if (FORBIDDEN_ATTRIBUTES.includes(name)) problems.push(`${name} attribute on <${el.localName}>`);
      if ((name === "href" || name === "xlink:href") && !SAFE_SCHEME.test(attr.value)) {
        problems.push(`unsafe ${name}="${attr.value}" on <${el.localName}>`);
      }
    }
  }
  for (const a of Array.from(root.querySelectorAll("a"))) {
    const rel = (a.getAttribute("rel") ?? "").split(/\s+/);
    if (!rel.includes("noopener") || !rel.includes("noreferrer")) problems.push(`<a> without rel noopener noreferrer`);
    if (a.hasAttribute("href") && a.getAttribute("target") !== "_blank") problems.push(`<a href> not opening in a new tab`);
  }
  const text = root.textContent ?? "";
  if (/[\u202A-\u202E\u2066-\u2069]/.test(text)) problems.push("bidi control characters in text");
  return problems;
}

function rendered(markdown: string): HTMLElement {
  const host = document.createElement("div");
  host.append(renderMarkdown(markdown));
  return host;
}

describe("hostile payload table", () => {
  it("has at least 30 distinct, described payloads", () => {
    expect(HOSTILE_PAYLOADS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(HOSTILE_PAYLOADS.map((p) => p.id)).size).toBe(HOSTILE_PAYLOADS.length);
    for (const payload of HOSTILE_PAYLOADS) {
      expect(payload.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(payload.description.length).toBeGreaterThan(10);
    }
  });

  it("builds every fetchable URL from the leak origin it is given", () => {
    const custom = hostilePayloads("http://127.0.0.1:9");
    const mentions = custom.filter((p) => p.markdown.includes("127.0.0.1:9")).length;
    expect(mentions).toBe(HOSTILE_PAYLOADS.filter((p) => p.markdown.includes("leak.invalid")).length);
    expect(custom.some((p) => p.markdown.includes("leak.invalid"))).toBe(false);
  });
});

describe("renderMarkdown on hostile payloads", () => {
  it.each(HOSTILE_PAYLOADS.map((p) => [p.id, p] as const))("%s is inert", (_id, payload) => {
    const host = rendered(payload.markdown);
    expect(problemsIn(host)).toEqual([]);
    expectReadable(host, payload.keepsText);
  });

  it("never leaves the leak origin anywhere but a clickable https link", () => {
    for (const payload of HOSTILE_PAYLOADS) {
      const host = rendered(payload.markdown);
      for (const el of Array.from(host.querySelectorAll("*"))) {
        for (const attr of Array.from(el.attributes)) {
          if (!attr.value.includes("leak.invalid")) continue;
          expect(`${payload.id}: ${el.localName}[${attr.name}]`).toMatch(/: a\[(href|title)\]$/);
        }
      }
    }
  });
});

describe("MarkdownStream on hostile payloads", () => {
  it.each(HOSTILE_PAYLOADS.map((p) => [p.id, p] as const))("%s is inert at every streamed prefix", (_id, payload) => {
    const host = document.createElement("div");
    const stream = new MarkdownStream(host);
    const chars = Array.from(payload.markdown);
    // Prefixes cut tags and URLs in half, which is exactly what a streaming answer looks like.
    for (let end = 1; end <= chars.length; end += 3) {
      stream.update(chars.slice(0, end).join(""));
      expect(problemsIn(host), `after ${end} characters`).toEqual([]);
    }
    stream.update(payload.markdown);
    expect(problemsIn(host)).toEqual([]);
    expectReadable(host, payload.keepsText);
  });
});
