/**
 * Hearth's in-page UI lives in a closed shadow root on an element of its own, appended to <html> rather than <body>:
 * the page's scripts cannot reach into it, the page's CSS cannot restyle it, page translation never walks into it
 * (translate="no"), and the page's <body> stays exactly as the page made it.
 */

/** An element in the page with a closed shadow root holding Hearth's UI. */
export interface ShadowUi {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  remove(): void;
}

// Test builds only: lets the e2e tests, which run as page script, find the closed roots (see exposeForTests).
const testRoots = new Map<string, ShadowRoot>();

/** Create a host named `tag` (a custom element name) with a closed shadow root styled by `css`, in the page. */
export function createShadowUi(tag: string, css: string, hostStyle: string): ShadowUi {
  const host = document.createElement(tag);
  host.setAttribute("translate", "no");
  // Through the CSSOM, which a page's style-src CSP does not govern, and !important against page rules like `* {}`.
  host.style.cssText = `all: initial !important; ${hostStyle}`;
  const root = host.attachShadow({ mode: "closed" });
  const style = document.createElement("style");
  style.textContent = css;
  root.append(style);
  document.documentElement.append(host);
  exposeForTests(tag, root);
  return {
    host,
    root,
    remove() {
      host.remove();
      if (testRoots.get(tag) === root) testRoots.delete(tag);
    },
  };
}

type ExportFunction = (fn: (name: string) => ShadowRoot | null, target: object, options: { defineAs: string }) => unknown;

/**
 * In test builds, define window.__hearthShadowRoot(tag) for the page's own scripts (which is where WebDriver runs
 * test code), so tests can read and click the real UI. Release builds never expose the roots.
 */
function exposeForTests(tag: string, root: ShadowRoot): void {
  if (!__HEARTH_TEST__) return;
  testRoots.set(tag, root);
  const page = (window as unknown as { wrappedJSObject?: object }).wrappedJSObject;
  const exportFunction = (globalThis as unknown as { exportFunction?: ExportFunction }).exportFunction;
  if (!page || !exportFunction) return;
  exportFunction((name: string) => testRoots.get(name) ?? null, page, { defineAs: "__hearthShadowRoot" });
}

/** Create an element with a class and, optionally, text; never parses markup. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== "") node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
