import { marked } from "marked";
import { describe, expect, it } from "vitest";
import { conversationToMarkdown, safeFileName } from "./export-markdown";

const may1 = Date.UTC(2024, 4, 1, 12, 0);

describe("conversationToMarkdown", () => {
  it("writes a title, where the chat came from, and each message under its speaker", () => {
    const markdown = conversationToMarkdown(
      { title: "Sky colour", createdAt: may1, pageUrl: "https://example.com/sky", pageTitle: "Why the sky is blue" },
      [
        { role: "user", content: "Why is it blue?", status: "complete" },
        { role: "assistant", content: "Because of **Rayleigh** scattering.", status: "complete" },
      ],
    );
    expect(markdown).toBe(
      [
        "# Sky colour",
        "",
        "Exported from Hearth. Started 2024-05-01 about [Why the sky is blue](<https://example.com/sky>).",
        "",
        "## You",
        "",
        "Why is it blue?",
        "",
        "## Hearth",
        "",
        "Because of **Rayleigh** scattering.",
        "",
      ].join("\n"),
    );
  });

  it("marks stopped and failed answers and shows empty ones", () => {
    const markdown = conversationToMarkdown({ title: "", createdAt: may1 }, [
      { role: "user", content: "Go", status: "complete" },
      { role: "assistant", content: "Half", status: "stopped" },
      { role: "assistant", content: "", status: "error" },
    ]);
    expect(markdown.startsWith("# Chat\n")).toBe(true);
    expect(markdown).toContain("Half\n\n_(stopped before the answer was finished)_");
    expect(markdown).toContain("_(empty)_\n\n_(the answer failed part way)_");
  });

  it("keeps a hostile title and page from becoming markup of their own", () => {
    const markdown = conversationToMarkdown(
      { title: "# [click](javascript:x)\n## fake", createdAt: may1, pageUrl: "https://e.example/a b>c", pageTitle: "](x)" },
      [],
    );
    const tokens = marked.lexer(markdown);
    expect(tokens.filter((t) => t.type === "heading")).toHaveLength(1);
    const html = marked.parse(markdown, { async: false });
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain('<a href="https://e.example/a%20b%3Ec">](x)</a>');
  });
});

describe("safeFileName", () => {
  it("starts with the date and keeps the readable title", () => {
    expect(safeFileName("Why is the sky blue?", may1)).toBe("2024-05-01-Why-is-the-sky-blue.md");
    expect(safeFileName("Café & crème", may1)).toBe("2024-05-01-Café-&-crème.md");
  });

  it("removes characters file systems refuse and ones that disguise the extension", () => {
    const name = safeFileName('a<b>c:d"e/f\\g|h?i*j \u202Egpj.exe\u0000', may1);
    expect(name).toBe("2024-05-01-a-b-c-d-e-f-g-h-i-j-gpj.exe.md");
    expect(name).not.toMatch(/[<>:"/\\|?*\p{Cc}\p{Cf}]/u);
  });

  it("falls back to 'chat' and limits the length", () => {
    expect(safeFileName(" ... ", may1)).toBe("2024-05-01-chat.md");
    // 80 characters of "word-word-..." end on a hyphen, which is trimmed.
    expect(safeFileName("word ".repeat(100), may1)).toBe(`2024-05-01-${Array(16).fill("word").join("-")}.md`);
  });
});
