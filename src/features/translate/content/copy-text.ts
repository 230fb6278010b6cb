/** Copying the translation to the clipboard from the in-page panel, inside the user's click. */

/**
 * Copy `text`: the async Clipboard API where the page is a secure context, else a selected text area and
 * execCommand("copy"), which Firefox allows inside a click. Resolves to whether it worked.
 */
export async function copyText(text: string, scratch: ShadowRoot): Promise<boolean> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Fall through to the older way.
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.setProperty("position", "fixed");
  area.style.setProperty("opacity", "0");
  scratch.append(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
