// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { readSelection } from "./read-selection";

describe("readSelection", () => {
  it("reads the document selection, trimmed, with the page's language", () => {
    document.documentElement.lang = "fr";
    document.body.replaceChildren();
    const p = document.body.appendChild(document.createElement("p"));
    p.textContent = "  Le phare s'allume chaque soir.  ";
    const range = document.createRange();
    range.selectNodeContents(p);
    document.getSelection()?.removeAllRanges();
    document.getSelection()?.addRange(range);
    expect(readSelection(document)).toMatchObject({ text: "Le phare s'allume chaque soir.", lang: "fr" });
  });

  it("reads the selected part of a focused text field, but never a password field", () => {
    document.body.replaceChildren();
    const area = document.body.appendChild(document.createElement("textarea"));
    area.value = "first second third";
    area.focus();
    area.setSelectionRange(6, 12);
    expect(readSelection(document).text).toBe("second");

    const password = document.body.appendChild(document.createElement("input"));
    password.type = "password";
    password.value = "hunter2 hunter2";
    password.focus();
    password.setSelectionRange(0, 7);
    document.getSelection()?.removeAllRanges();
    expect(readSelection(document).text).toBe("");
  });
});
