// @vitest-environment jsdom
import DOMPurify from "dompurify";
import { describe, expect, it } from "vitest";
import { findUnsafe, imagesToText, sanitizeToFragment, secureLink } from "./sanitize-html.js";

/** Build a tree from a description, with createElement and setAttribute only, so the test never parses HTML. */
function tree(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.append(...children);
  return el;
}

function host(...children: Node[]): HTMLElement {
  return tree("div", {}, ...children);
}

const safeLink = { href: "https://example.com/", target: "_blank", rel: "noopener noreferrer" };

describe("findUnsafe", () => {
  it("accepts what rendered Markdown is allowed to contain", () => {
    const root = host(
      tree("h2", {}, "Title"),
      tree("p", {}, "See ", tree("a", safeLink, "this"), " and ", tree("a", { ...safeLink, href: "mailto:a@b.example" }, "mail")),
      tree("pre", {}, tree("code", { class: "language-ts" }, "let a = 1;")),
      tree("table", {}, tree("tbody", {}, tree("tr", {}, tree("td", { align: "right" }, "1")))),
      tree("ol", { start: "3" }, tree("li", {}, tree("strong", {}, "x"))),
    );
    expect(findUnsafe(root)).toEqual([]);
  });

  it.each([
    ["a script element", () => tree("script", {}, "alert(1)")],
    ["an image that was not turned into text", () => tree("img", { alt: "x" })],
    ["a style element", () => tree("style", {}, "p{}")],
    ["an iframe", () => tree("iframe")],
    ["an event handler", () => tree("p", { onclick: "alert(1)" }, "x")],
    ["an inline style", () => tree("p", { style: "background:url(https://e.example/x)" }, "x")],
    ["a javascript: link", () => tree("a", { ...safeLink, href: "javascript:alert(1)" }, "x")],
    ["a data: link", () => tree("a", { ...safeLink, href: "data:text/html,x" }, "x")],
    ["a relative link", () => tree("a", { ...safeLink, href: "/options.html" }, "x")],
    ["a link that keeps its opener", () => tree("a", { href: "https://example.com/" }, "x")],
    ["an id that could clobber globals", () => tree("p", { id: "defaultView" }, "x")],
    ["a class that could mimic the UI", () => tree("p", { class: "hearth-button" }, "x")],
    ["an SVG element", () => document.createElementNS("http://www.w3.org/2000/svg", "svg")],
  ])("rejects %s", (_what, make) => {
    expect(findUnsafe(host(tree("p", {}, "fine"), make()))).not.toEqual([]);
  });
});

describe("imagesToText", () => {
  it("replaces each image with its alt text and keeps the surrounding text", () => {
    const root = host(
      tree("p", {}, "A ", tree("img", { src: "https://e.example/a.png", alt: "  sales\n chart " }), " B"),
      tree("p", {}, tree("img", { srcset: "https://e.example/b.png 2x" })),
    );
    imagesToText(root);
    expect(root.querySelector("img")).toBeNull();
    expect(root.textContent).toBe("A [image: sales chart] B[image]");
  });
});

describe("secureLink", () => {
  it("opens in a new tab without opener or referrer and shows the real target", () => {
    const link = tree("a", { href: "https://evil.example/", title: "https://bank.example/" }, "https://bank.example/");
    secureLink(link);
    expect(link.getAttribute("target")).toBe("_blank");
    expect(link.getAttribute("rel")).toBe("noopener noreferrer");
    expect(link.getAttribute("title")).toBe("https://evil.example/");
  });

  it("adds no title to a link whose href was removed", () => {
    const link = tree("a", {}, "click");
    secureLink(link);
    expect(link.hasAttribute("title")).toBe(false);
    expect(link.getAttribute("rel")).toBe("noopener noreferrer");
  });
});

describe("sanitizeToFragment", () => {
  it("never returns a fragment that fails the safety check", () => {
    // On happy-dom DOMPurify passes this through untouched; the check must then refuse it.
    const dirty = '<p onclick="x">a</p><script>x()</script><iframe src="https://e.example/"></iframe>';
    const fragment = sanitizeToFragment(dirty, document);
    expect(fragment === null ? [] : findUnsafe(fragment)).toEqual([]);
  });

  it("keeps its hooks on its own DOMPurify instance", () => {
    sanitizeToFragment('<a href="https://example.com/">x</a>', document);
    // removeHook pops and returns the last hook for that entry point, or undefined when there is none.
    expect(DOMPurify.removeHook("afterSanitizeAttributes")).toBeUndefined();
    expect(DOMPurify.removeHook("uponSanitizeAttribute")).toBeUndefined();
  });
});
