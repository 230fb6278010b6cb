/** Building the Models section from data without parsing HTML: model names and file names go in as text only. */

/** The element matching `selector` inside `root`, or a clear error naming it. */
export function part<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`The Models section is missing ${selector}.`);
  return element;
}
