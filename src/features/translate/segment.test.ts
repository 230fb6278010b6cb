// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import { generateBenchPage } from "./bench";
import { loadArticle } from "../../../tests/fixtures/translate/page-fixtures";
import { segment, segmentInSlices, segmentRunAround } from "./segment";
import type { TextUnit, TranslationUnit } from "./units";

function processCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function sources(units: readonly TranslationUnit[]): string[] {
  return units.map((unit) => (unit.kind === "attribute" ? `@${unit.name}: ${unit.source}` : unit.source));
}

function textUnit(units: readonly TranslationUnit[], source: string): TextUnit {
  const unit = units.find((candidate): candidate is TextUnit => candidate.kind === "text" && candidate.source === source);
  if (!unit) throw new Error(`no unit ${source}`);
  return unit;
}

describe("segment", () => {
  beforeEach(() => {
    document.body.innerHTML = "";
  });

  it("splits the article fixture into block-level units with numbered inline placeholders", () => {
    loadArticle(document);
    expect(sources(segment(document))).toEqual([
      "@title: Main story",
      "The quiet <i1>return</i1> of the river",
      "Read the <a1>full <b2>annual</b2> report</a1> before Friday.<x3/>Then write to us.",
      "@title: Office for National Statistics",
      "Prices rose by 12%, says <g1>ONS</g1>; run <x2/> to check.",
      "First item",
      "Second <b1>bold</b1> item",
      "Name",
      "Amount",
      "Apples",
      "@alt: A river at dawn",
      "@placeholder: Type a word",
      "@value: Send now",
      "@aria-label: Close dialog",
      // The form's controls sit inline between whitespace, so they share one unit with the label.
      "<g1>Search the site</g1> <x2/> <x3/> <x4/> <x5/> <g6>×</g6>",
      "Shadow <i1>words</i1> here",
    ]);
  });

  it("keeps the original nodes behind each placeholder", () => {
    loadArticle(document);
    const unit = textUnit(segment(document), "Read the <a1>full <b2>annual</b2> report</a1> before Friday.<x3/>Then write to us.");
    expect(unit.container).toBe(document.getElementById("p1"));
    expect(unit.slots.map((slot) => slot.node)).toEqual([
      document.getElementById("link"),
      document.querySelector("#link strong"),
      document.querySelector("#p1 br"),
    ]);
    expect(unit.slots.map((slot) => slot.paired)).toEqual([true, true, false]);
  });

  it("never offers excluded content: notranslate, translate=no, code, pre, scripts, editable, svg, input values", () => {
    loadArticle(document);
    const all = sources(segment(document)).join("\n");
    for (const text of ["Brand Name", "Do not touch", "greeting", "hello", "Editable", "Chart label", "user typed",
      "Draft letter", "Choice one", "display", "enable scripts", "345"]) {
      expect(all).not.toContain(text);
    }
  });

  it("treats an inline element that holds blocks as a block (a card link around a heading)", () => {
    document.body.innerHTML = `<div><a href="/x" title="Open card"><h3>Card title</h3><p>Card <i>text</i></p></a> trailing words</div>`;
    expect(sources(segment(document))).toEqual(["@title: Open card", "Card title", "Card <i1>text</i1>", "trailing words"]);
  });

  it("splits mixed content around blocks and keeps word-less inline elements whole", () => {
    document.body.innerHTML = `<div>Intro <span class="icon"></span><b> </b>text<p>Inner para</p>Outro <a href="/"><img alt=""></a> end</div>`;
    expect(sources(segment(document))).toEqual(["Intro <x1/><x2/>text", "Inner para", "Outro <x1/> end"]);
  });

  it("walks custom elements inline unless they hold blocks or a shadow root", () => {
    document.body.innerHTML = `<p>Hello <my-badge>new</my-badge> world</p><my-card><p>Card body</p></my-card>`;
    expect(sources(segment(document))).toEqual(["Hello <g1>new</g1> world", "Card body"]);
  });

  it("enters same-origin iframes and reports the roots it found", () => {
    document.body.innerHTML = `<p>Outer text</p><iframe srcdoc="<p>Inner frame text</p>"></iframe>`;
    const roots: Node[] = [];
    const found = sources(segment(document, { onRoot: (root) => roots.push(root) }));
    expect(found).toEqual(["Outer text", "Inner frame text"]);
    expect(roots).toEqual([document.querySelector("iframe")?.contentDocument]);
  });

  it("skips runs whose words are all Hearth's own text", () => {
    document.body.innerHTML = `<p id="a">Already translated</p><p id="b">Fresh text</p>`;
    const own = document.getElementById("a")?.firstChild;
    const units = segment(document, { isOwnText: (node) => node === own });
    expect(sources(units)).toEqual(["Fresh text"]);
  });

  it("escapes text that looks like markup so it cannot become a placeholder", () => {
    document.body.innerHTML = `<p>if a &lt;b1&gt; b &amp;lt; c &amp; d</p>`;
    expect(sources(segment(document))).toEqual(["if a &lt;b1&gt; b &amp;lt; c & d"]);
  });

  it("segments just the run around a changed node", () => {
    document.body.innerHTML = `<div id="d">Before <b>bold</b> after<p>Other block</p></div>`;
    const bold = document.querySelector("b");
    if (!bold) throw new Error("fixture");
    const units = segmentRunAround(bold);
    expect(sources(units)).toEqual(["Before <b1>bold</b1> after"]);
    expect((units[0] as TextUnit).next).toBe(document.querySelector("#d p"));
  });

  // Measured in CPU time of this process: on a shared test machine wall time also counts the time other processes
  // held the CPU, which says nothing about how long the walk keeps a page busy.
  it("walks a 50,000-node page in slices no longer than 40 ms", async () => {
    const article = generateBenchPage(document, 1600);
    let nodes = 0;
    const count = (node: Node): void => {
      nodes += 1;
      for (let child = node.firstChild; child; child = child.nextSibling) count(child);
    };
    count(article);
    expect(nodes).toBeGreaterThan(50_000);
    // One untimed walk first: the first run of any code measures the JIT and the collection of building garbage.
    segment(article);
    let yields = 0;
    const { units, stats } = await segmentInSlices(article, {
      sliceMs: 8,
      now: processCpuMs,
      yieldToPage: async () => {
        yields += 1;
      },
    });
    expect(units.length).toBeGreaterThan(6000);
    expect(stats.slices).toBe(yields + 1);
    expect(stats.slices).toBeGreaterThan(1);
    expect(stats.longestSliceMs).toBeLessThan(40);
  });

  it("yields exactly when the injected clock says a slice is used up", async () => {
    document.body.innerHTML = `<p>One</p><p>Two</p><p>Three</p>`;
    let time = 0;
    let yields = 0;
    const { units, stats } = await segmentInSlices(document.body, {
      sliceMs: 5,
      now: () => (time += 1),
      yieldToPage: async () => {
        yields += 1;
      },
    });
    expect(sources(units)).toEqual(["One", "Two", "Three"]);
    // Every clock read advances 1 ms, so a 5 ms slice ends after its fifth step.
    expect(stats.steps).toBeGreaterThanOrEqual(10);
    expect(stats.slices).toBe(Math.ceil(stats.steps / 5));
    expect(yields).toBe(stats.slices - 1);
  });
});
