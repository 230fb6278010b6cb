// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { el } from "./dom";

describe("el", () => {
  it("sets class, text, attributes and data-* values, and appends children in order", () => {
    const item = el("li", { className: "card", attrs: { role: "option", "aria-selected": "true" }, data: { modelId: "qwen" } });
    const list = el("ul", {}, el("li", { text: "first" }), [item, "third"], null, false, undefined, "");
    expect(item.outerHTML).toBe('<li class="card" role="option" aria-selected="true" data-model-id="qwen"></li>');
    expect([...list.childNodes].map((node) => node.textContent)).toEqual(["first", "", "third"]);
  });

  it("puts markup-like text in as text, never as elements", () => {
    const paragraph = el("p", { text: "<img src=x onerror=alert(1)>" }, "<b>bold?</b>");
    expect(paragraph.children).toHaveLength(0);
    expect(paragraph.textContent).toBe("<img src=x onerror=alert(1)><b>bold?</b>");
  });
});
