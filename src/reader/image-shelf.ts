/**
 * How the reader shows the article's images without fetching anything: an image that is already a data: URL is shown
 * as it is; any other stands as its alt text with a "Show image" button, which asks the source tab for a copy of the
 * image it has already loaded (the reader's CSP would refuse a remote src anyway). What the page cannot give is said
 * plainly, with a link the user may follow to open the image like any other link.
 */
import type { BlockImage } from "../features/reader/inline-text";
import type { ImageRefusal, PageImageReply } from "../features/reader/protocol";
import { t } from "../shared/platform/i18n";

const REFUSAL_KEYS: Record<ImageRefusal, string> = {
  "not-found": "readerImageNotFound",
  "not-loaded": "readerImageNotLoaded",
  "other-site": "readerImageOtherSite",
};

/** Builds the reader's image elements and remembers the copies already fetched, so re-rendering keeps them. */
export class ImageShelf {
  private readonly copies = new Map<string, string>();

  /** `copyFromPage` asks the source tab for its copy of an image. */
  constructor(private readonly copyFromPage: (src: string) => Promise<PageImageReply>) {}

  /** True when showing `image` would need the page's copy (it is not a data: URL). */
  static isRemote(image: BlockImage): boolean {
    return !image.src.startsWith("data:");
  }

  /** The element standing for `image`: the image itself when it can be shown without a request, else a placeholder. */
  readonly render = (doc: Document, image: BlockImage): HTMLElement => {
    const copy = ImageShelf.isRemote(image) ? this.copies.get(image.src) : image.src;
    if (copy !== undefined) return imageElement(doc, copy, image.alt);
    const holder = doc.createElement("span");
    holder.className = "reader-image";
    holder.dataset.src = image.src;
    const alt = doc.createElement("span");
    alt.className = "reader-image-alt";
    alt.textContent = image.alt ? t("readerImageAlt", image.alt) : t("readerImageNoAlt");
    const show = doc.createElement("button");
    show.type = "button";
    show.className = "reader-image-show";
    show.textContent = t("readerImageShow");
    show.addEventListener("click", () => void this.show(holder, image, show));
    holder.append(alt, " ", show);
    return holder;
  };

  private async show(holder: HTMLElement, image: BlockImage, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    let reply: PageImageReply;
    try {
      reply = await this.copyFromPage(image.src);
    } catch {
      reply = { refused: "not-found" };
    }
    if ("dataUrl" in reply) {
      this.copies.set(image.src, reply.dataUrl);
      // The same image may stand in several places (a lead image repeated in a figure).
      const doc = holder.ownerDocument;
      for (const other of doc.querySelectorAll<HTMLElement>(".reader-image")) {
        if (other.dataset.src === image.src) other.replaceWith(imageElement(doc, reply.dataUrl, image.alt));
      }
      return;
    }
    button.remove();
    const note = holder.ownerDocument.createElement("span");
    note.className = "reader-image-note";
    note.textContent = `${t(REFUSAL_KEYS[reply.refused])} `;
    const link = holder.ownerDocument.createElement("a");
    link.href = image.src;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.textContent = t("readerImageOpen");
    note.append(link);
    holder.append(note);
  }
}

function imageElement(doc: Document, src: string, alt: string): HTMLImageElement {
  const img = doc.createElement("img");
  img.className = "reader-image-shown";
  img.src = src;
  img.alt = alt;
  return img;
}
