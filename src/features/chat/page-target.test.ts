import { describe, expect, it } from "vitest";
import { isPdfUrl, pageAvailability, pickPageTab, type TabFacts } from "./page-target";

const own = "moz-extension://abc/";
const tab = (id: number, url: string, active = false, lastAccessed = id): TabFacts => ({ id, url, title: `t${id}`, active, lastAccessed });

describe("pickPageTab", () => {
  it("reads the active tab", () => {
    expect(pickPageTab([tab(1, "https://a.example/"), tab(2, "https://b.example/", true)], own)?.id).toBe(2);
  });

  it("reads the web page seen last when the chat itself is the active tab", () => {
    const tabs = [tab(1, "https://a.example/", false, 50), tab(2, "https://b.example/", false, 10), tab(3, `${own}sidebar/index.html`, true, 99), tab(4, "about:blank", false, 80)];
    expect(pickPageTab(tabs, own)?.id).toBe(1);
    expect(pickPageTab([tab(3, `${own}sidebar/index.html`, true)], own)).toBeNull();
  });
});

describe("pageAvailability", () => {
  it("says whether the page can be read, is a PDF, or is no web page at all", () => {
    expect(pageAvailability(tab(1, "https://a.example/doc"))).toMatchObject({ kind: "readable" });
    expect(pageAvailability(tab(1, "https://a.example/paper.PDF?x=1"))).toMatchObject({ kind: "pdf" });
    expect(pageAvailability(tab(1, "about:preferences"))).toEqual({ kind: "none" });
    expect(pageAvailability(null)).toEqual({ kind: "none" });
  });

  it("looks at the path only: a query mentioning .pdf is a web page", () => {
    expect(isPdfUrl("https://a.example/view?file=x.pdf")).toBe(false);
    expect(isPdfUrl("file:///home/me/x.pdf")).toBe(true);
    expect(isPdfUrl("not a url")).toBe(false);
  });
});
