// @vitest-environment jsdom
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MarkdownStream, renderMarkdown, renderMarkdownInto, renderText } from "./markdown.js";
import { sanitizerWorks } from "./sanitize-html.js";

function html(fragment: DocumentFragment): string {
  const div = document.createElement("div");
  div.append(fragment);
  return div.innerHTML;
}

describe("renderText", () => {
  it("shows markup as literal text in a single text node, replacing what was there", () => {
    const el = document.createElement("div");
    el.append(document.createElement("span"));
    renderText(el, '<img src=x onerror="alert(1)"> **not bold**');
    expect(el.childNodes).toHaveLength(1);
    expect(el.firstChild?.nodeType).toBe(Node.TEXT_NODE);
    expect(el.textContent).toBe('<img src=x onerror="alert(1)"> **not bold**');
  });
});

describe("renderMarkdownInto", () => {
  it("replaces the element's previous contents", () => {
    const el = document.createElement("div");
    renderMarkdownInto(el, "first answer");
    renderMarkdownInto(el, "second answer");
    expect(el.textContent?.trim()).toBe("second answer");
  });

  it("removes bidi override characters that could disguise text", () => {
    const el = document.createElement("div");
    renderMarkdownInto(el, "invoice\u202Efdp.exe and \u2067isolate\u2069");
    expect(el.textContent?.trim()).toBe("invoicefdp.exe and isolate");
  });
});

describe("MarkdownStream", () => {
  it("keeps the DOM of finished blocks and re-renders only the growing one", () => {
    const el = document.createElement("div");
    const stream = new MarkdownStream(el);
    stream.update("First paragraph.\n\nSecond");
    const first = el.firstChild;
    const growing = el.lastChild;
    stream.update("First paragraph.\n\nSecond paragraph, longer.");
    expect(first).not.toBeNull();
    expect(el.firstChild).toBe(first);
    expect(growing !== null && el.contains(growing)).toBe(false);
    expect(el.textContent).toContain("Second paragraph, longer.");
    expect(stream.text()).toBe("First paragraph.\n\nSecond paragraph, longer.");
  });

  it("re-renders earlier blocks when a late reference definition changes them", () => {
    const el = document.createElement("div");
    const stream = new MarkdownStream(el);
    stream.update("See [the docs][1].\n\nMore text");
    const first = el.firstChild;
    stream.update("See [the docs][1].\n\nMore text\n\n[1]: https://example.com/docs");
    expect(el.firstChild).not.toBe(first);
    expect(el.innerHTML).toBe(html(renderMarkdown("See [the docs][1].\n\nMore text\n\n[1]: https://example.com/docs")));
  });

  it("follows text that is replaced rather than extended (a regenerated answer)", () => {
    const el = document.createElement("div");
    const stream = new MarkdownStream(el);
    stream.update("# Old answer\n\nwith two blocks");
    stream.update("New");
    expect(el.textContent?.trim()).toBe("New");
  });

  // Random documents streamed in random pieces must look exactly like the finished render at every step.
  const pieces = ["Hello", " world", "\n", "\n\n", "# ", "Title", "\n===", "- item", "1. one", "> quote", "```", "```js",
    "code();", "    indented", "| a | b |", "|---|---|", "**bold**", "[link](https://example.com/)", "[ref][r]",
    "[r]: https://example.com/r", "![img](https://e.example/i.png)", "<b>html</b>", "<script>x()</script>", "  "];

  const documents = fc.array(fc.constantFrom(...pieces), { maxLength: 25 });
  const cutPoints = fc.array(fc.nat(), { maxLength: 8 });

  it("matches renderMarkdown of the same text after every update", () => {
    fc.assert(
      fc.property(documents, cutPoints, (parts, cuts) => {
        const text = parts.join("");
        const ends = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
        const el = document.createElement("div");
        const stream = new MarkdownStream(el);
        for (const end of [...ends, text.length]) {
          stream.update(text.slice(0, end));
          expect(el.innerHTML).toBe(html(renderMarkdown(text.slice(0, end))));
        }
      }),
      { numRuns: 150 },
    );
  });
});

// DOMPurify cannot run on happy-dom (cure53/DOMPurify#1457); these run wherever it can, and the e2e suite covers them
// in Firefox.
describe("renderMarkdown with a working DOMPurify", () => {
  it("runs under a DOM where DOMPurify really sanitizes", () => expect(sanitizerWorks(document)).toBe(true));
  it("renders ordinary Markdown", () => {
    const out = html(renderMarkdown("# Title\n\nSome **bold** and `code`.\n\n- [x] done\n- [ ] todo"));
    expect(out).toContain("<h1>Title</h1>");
    expect(out).toContain("<strong>bold</strong>");
    expect(out).toContain("<code>code</code>");
    expect(out).toContain("☑ done");
  });

  it("opens links in a new tab without opener or referrer", () => {
    const el = document.createElement("div");
    renderMarkdownInto(el, "[docs](https://example.com/docs)");
    const link = el.querySelector("a");
    expect(link?.getAttribute("href")).toBe("https://example.com/docs");
    expect(link?.getAttribute("target")).toBe("_blank");
    expect(link?.getAttribute("rel")).toBe("noopener noreferrer");
  });

  it("shows images as text", () => {
    const el = document.createElement("div");
    renderMarkdownInto(el, "![a chart](https://e.example/c.png)");
    expect(el.querySelector("img")).toBeNull();
    expect(el.textContent).toContain("[image: a chart]");
  });
});
