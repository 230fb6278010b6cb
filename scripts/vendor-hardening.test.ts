// @vitest-environment jsdom
// The build's edits to library code (scripts/vendor-hardening.ts) must apply to the installed versions, refuse to apply
// to anything else, and leave the edited libraries giving the results Hearth relies on: the same sanitized HTML from
// DOMPurify and the same article from Readability, including on the paths the edits touch.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runInNewContext } from "node:vm";
import { marked } from "marked";
import { afterAll, describe, expect, it } from "vitest";
import { HOSTILE_PAYLOADS } from "../tests/fixtures/hostile/payloads";
import { FLOOD_BARRIER_PAGE } from "../tests/fixtures/reader/flood-barrier-page";
import { applyHardening, checkVersion, hardenedFile, hardenings, type VendorHardening } from "./vendor-hardening";

const root = resolve(import.meta.dirname, "..");
mkdirSync(join(root, "node_modules/.cache"), { recursive: true });
// Inside the project, where the test runner is allowed to load modules from.
const scratch = mkdtempSync(join(root, "node_modules/.cache/hearth-vendor-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function original(pkg: string, file: string): string {
  return readFileSync(join(root, "node_modules", pkg, file), "utf8");
}

describe("the edits", () => {
  it.each(hardenings.map((item) => [`${item.pkg} ${item.file}`, item] as const))(
    "apply once each to the installed %s",
    (_, hardening) => {
      const before = original(hardening.pkg, hardening.file);
      const after = hardenedFile(hardening.pkg, hardening.file, root);
      for (const edit of hardening.edits) {
        expect(before).toContain(edit.find);
        expect(after).not.toContain(edit.find);
        if (edit.replace) expect(after).toContain(edit.replace);
      }
    },
  );

  it("refuse text that is missing or found more than once", () => {
    const hardening: VendorHardening = {
      pkg: "example",
      version: "1.0.0",
      file: "x.js",
      bundled: false,
      edits: [{ why: "test", find: "a.innerHTML = b;", replace: "a.textContent = b;" }],
    };
    expect(applyHardening(hardening, "a.innerHTML = b;")).toBe("a.textContent = b;");
    expect(() => applyHardening(hardening, "a.innerHTML = c;")).toThrow(/found 0 times/);
    expect(() => applyHardening(hardening, "a.innerHTML = b; a.innerHTML = b;")).toThrow(/found 2 times/);
  });

  it("refuse a library version they were not written for", () => {
    const [first] = hardenings;
    if (!first) throw new Error("no hardenings listed");
    expect(() => checkVersion({ ...first, version: "0.0.1" }, root)).toThrow(/Re-review/);
  });

  it("keep `$` patterns in replacements literal", () => {
    const hardening: VendorHardening = { pkg: "x", version: "1", file: "x", bundled: false, edits: [{ why: "", find: "A", replace: "$&$1" }] };
    expect(applyHardening(hardening, "A")).toBe("$&$1");
  });
});

interface Purifier {
  sanitize(dirty: string, config?: object): string;
  isSupported: boolean;
}

async function loadPurifier(name: string, code: string, window: Window): Promise<Purifier> {
  const file = join(scratch, `${name}.mjs`);
  // The package's source map stays behind in node_modules; drop the comment that points at it.
  writeFileSync(file, code.replace(/^\/\/# sourceMappingURL=.*$/m, ""));
  const module = (await import(/* @vite-ignore */ file)) as { default: (root: Window) => Purifier };
  return module.default(window);
}

describe("DOMPurify, edited", () => {
  const purifiers = Promise.all([
    loadPurifier("purify-original", original("dompurify", "dist/purify.es.mjs"), window),
    loadPurifier("purify-hardened", hardenedFile("dompurify", "dist/purify.es.mjs", root), window),
  ]);
  const inputs = HOSTILE_PAYLOADS.flatMap((payload) => [payload.markdown, marked.parse(payload.markdown, { async: false })]);
  // Hearth's own settings (src/shared/ui/sanitize-html.ts) and DOMPurify's defaults.
  const configs = [{}, { ALLOWED_TAGS: ["a", "p", "img", "code", "pre"], ALLOWED_ATTR: ["href", "alt"], ALLOWED_NAMESPACES: ["http://www.w3.org/1999/xhtml"] }];

  it(`sanitizes all ${HOSTILE_PAYLOADS.length} hostile payloads exactly as the original does`, async () => {
    const [before, after] = await purifiers;
    expect(before.isSupported && after.isSupported).toBe(true);
    let differing = 0;
    for (const config of configs) {
      for (const input of inputs) if (before.sanitize(input, config) !== after.sanitize(input, config)) differing++;
    }
    expect(differing).toBe(0);
    // The comparison means something only if sanitizing changed the inputs.
    expect(inputs.filter((input) => before.sanitize(input) !== input).length).toBeGreaterThan(HOSTILE_PAYLOADS.length / 2);
  });

  it("fails closed, with an empty result, when asked for a non-HTML namespace (the removed fallback)", async () => {
    const [before, after] = await purifiers;
    const svg = { NAMESPACE: "http://www.w3.org/2000/svg", ALLOWED_NAMESPACES: ["http://www.w3.org/2000/svg"] };
    expect(before.sanitize('<circle r="1"></circle>', svg)).toContain("circle");
    expect(after.sanitize('<circle r="1"></circle>', svg)).toBe("");
  });
});

type ReadabilityClass = new (doc: Document, options?: object) => { parse(): { title: string; content: string; textContent: string } | null; _attempts: unknown[] };

function loadReadability(code: string): ReadabilityClass {
  const module = { exports: {} as unknown };
  runInNewContext(code, { module, DOMParser, Node, console });
  return module.exports as ReadabilityClass;
}

/** A page as Readability gets it; DOMParser runs no scripts, so <noscript> content is parsed as elements. */
function parsePage(html: string): Document {
  const doc = new DOMParser().parseFromString(html, "text/html");
  // A parsed string has no URL of its own; a <base> gives Readability one, to make links absolute.
  const base = doc.createElement("base");
  base.href = "https://news.example/page";
  doc.head.prepend(base);
  return doc;
}

/** A short page: below Readability's 500-character threshold, so it restores the page and retries every time. */
const SHORT_PAGE = `<!doctype html><html><head><title>Notice</title></head><body>
<div class="sidebar">Menu <a href="/a">A</a> <a href="/b">B</a></div>
<article><h1>Notice</h1><p>The office is closed on Monday for the holiday. It opens again on Tuesday at nine.</p>
<p><img src="/lazy-placeholder.gif" data-src="/photo.jpg" alt="placeholder"></p>
<noscript><img src="/photo.jpg" alt="The office front door"></noscript></article>
<div class="comments">No comments yet.</div></body></html>`;

const fixtures = readdirSync(join(root, "tests/e2e/fixtures"))
  .filter((name) => name.endsWith(".html"))
  .map((name) => [name, readFileSync(join(root, "tests/e2e/fixtures", name), "utf8")] as const);
const pages: (readonly [string, string])[] = [["flood-barrier", FLOOD_BARRIER_PAGE], ["short notice", SHORT_PAGE], ...fixtures];

describe("Readability, edited", () => {
  it.each(pages)("reads %s exactly as the original does", (_, html) => {
    const run = (code: string) => {
      const Readability = loadReadability(code);
      const reader = new Readability(parsePage(html));
      return { article: reader.parse(), attempts: reader._attempts.length };
    };
    const before = run(original("@mozilla/readability", "Readability.js"));
    const after = run(hardenedFile("@mozilla/readability", "Readability.js", root));
    expect(after).toEqual(before);
  });

  it("takes the edited paths on the short page: it retries, and the noscript image replaces its placeholder", () => {
    const Readability = loadReadability(hardenedFile("@mozilla/readability", "Readability.js", root));
    const reader = new Readability(parsePage(SHORT_PAGE));
    const article = reader.parse();
    expect(reader._attempts.length).toBeGreaterThan(0);
    expect(article?.textContent).toContain("closed on Monday");
    const images = new DOMParser().parseFromString(article?.content ?? "", "text/html").querySelectorAll("img");
    expect([...images].map((img) => img.getAttribute("alt"))).toContain("The office front door");
  });
});
