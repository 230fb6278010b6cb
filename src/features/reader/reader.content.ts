/** The reader's part of the content script: copies of images the page has loaded, for the reader view to show. */
import type { ContentContext } from "../../content/context";
import { copyPageImage } from "./page-image";

/** Answer "reader/image" for this tab. */
export function registerContent({ server }: ContentContext): void {
  server.handle("reader/image", ({ src }) => copyPageImage(document, src));
}
