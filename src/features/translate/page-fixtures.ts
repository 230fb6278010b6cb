/**
 * Realistic pages for the translate tests, as HTML strings: an article with links and nested inline markup, a list,
 * a table, readable attributes, content the page marks as not to translate, code, a form and a shadow-root host.
 * Test-only: nothing in the add-on imports this file.
 */

export const articleFixture = `
<main id="main">
  <article id="article" title="Main story">
    <h1 id="headline">The quiet <em>return</em> of the river</h1>
    <p id="p1">Read the <a id="link" href="https://example.org/story" class="ext">full <strong>annual</strong> report</a> before Friday.<br>Then write to us.</p>
    <p id="p2">Prices rose by 12%, says <abbr title="Office for National Statistics">ONS</abbr>; run <code>npm test</code> to check.</p>
    <ul id="list">
      <li>First item</li>
      <li>Second <b>bold</b> item</li>
    </ul>
    <table>
      <thead><tr><th>Name</th><th>Amount</th></tr></thead>
      <tbody><tr><td>Apples</td><td>42</td></tr></tbody>
    </table>
    <img id="photo" src="river.jpg" alt="A river at dawn">
    <div class="notranslate"><p>Brand Name Stays</p></div>
    <p translate="no">Do not touch</p>
    <pre><code>const greeting = "hello world";</code></pre>
    <div contenteditable="true">Editable draft text</div>
    <svg viewBox="0 0 10 10"><text x="1" y="5">Chart label</text></svg>
  </article>
  <form id="form">
    <label for="q">Search the site</label>
    <input id="q" placeholder="Type a word" value="user typed words">
    <input type="submit" value="Send now">
    <textarea>Draft letter</textarea>
    <select><option>Choice one</option></select>
    <button aria-label="Close dialog">×</button>
  </form>
  <div id="host"></div>
  <script>var notText = "hello there";</script>
  <style>.hidden { display: none }</style>
  <noscript>Please enable scripts</noscript>
  <div id="numbers">12 345 — 67</div>
</main>`;

export const shadowFixture = `<p id="in-shadow">Shadow <em>words</em> here</p>`;

/** Parse fixture markup into nodes owned by `document`. */
function parseFixture(document: Document, html: string): Node[] {
  // Fixtures are constants written for the tests, never page text or model output.
  const parsed = new DOMParser().parseFromString(`<!doctype html><body>${html}</body>`, "text/html");
  return Array.from(parsed.body.childNodes, (node) => document.importNode(node, true));
}

/** Load the article into `document` (its body), with an open shadow root on #host. */
export function loadArticle(document: Document): HTMLElement {
  document.body.replaceChildren(...parseFixture(document, articleFixture));
  const host = document.getElementById("host");
  if (!host) throw new Error("fixture has no #host");
  host.attachShadow({ mode: "open" }).replaceChildren(...parseFixture(document, shadowFixture));
  const main = document.getElementById("main");
  if (!main) throw new Error("fixture has no #main");
  return main;
}
