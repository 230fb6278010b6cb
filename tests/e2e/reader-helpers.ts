/**
 * Helpers shared by the reader's e2e tests: the fixture article with a same-site and an other-site image, opening the
 * reader for a tab the way "Simplify page" does, and reading back what each block of the reader shows.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import type { Page } from "puppeteer-core";
import { startFixtureServer, type FixtureServer } from "./fixture-server";
import { launchHearth, type HearthBrowser } from "./harness";
import { tabIdOf } from "./summarize-helpers";

/** One block of the reader as shown. */
export interface ShownItem {
  id: string;
  kind: string;
  state: string;
  showing: string;
  failure: string | null;
  /** The block's words (one line per paragraph or list item), without the image placeholders' labels. */
  text: string;
  links: { text: string; href: string }[];
  note: string;
  /** The flip button's label, when it is shown. */
  toggle: string | null;
}

/** The fixture article's rewritable blocks as the page has them. */
export const ORIGINAL = {
  finished:
    "The town council of Wendmouth has finished its flood barrier after four years of construction work, and twelve steel gates now lie on the bed of the River Wend, according to the council's final report published on Monday.",
  cost: "The barrier cost forty-one million euros, most of which came from a national climate adaptation fund, while the rest was raised through a local levy on riverside businesses.",
  how: "The gates stay flat on the riverbed for most of the year, so boats pass over them without noticing, but when the water rises they are filled with compressed air and swing upwards.",
  list: "The gauge at Fennbridge reads above 2.4 metres twice in a row.\nThe regional forecast expects more rain within twelve hours.\nThe engineer on duty confirms both readings on site.",
  old: "The old wooden flood boards, which residents had to carry to the quay by hand, will be kept in the town museum as a reminder of the floods of 1998 and 2007.",
};
/** The links of the fixture article. */
export const ORIGINAL_HREFS = ["https://council.example/flood-report", "https://weather.example/wend"];

/** A small valid PNG (a flat colour), so the page has a real image to show. */
export function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.concat(Array.from({ length: height }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x5a)])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(rows)), chunk("IEND", Buffer.alloc(0))]);
}

/** Serve /reader-article.html with its photo on `fixtures` and its second image on `otherSite` (another origin). */
export function serveReaderArticle(fixtures: FixtureServer, otherSite: FixtureServer): void {
  const image = png(64, 48);
  for (const [server, path] of [[fixtures, "/reader-photo.png"], [otherSite, "/boards.png"]] as const) {
    server.route(path, (_request, response) => {
      response.writeHead(200, { "content-type": "image/png" });
      response.end(image);
    });
  }
  const article = readFileSync(resolve(import.meta.dirname, "fixtures/reader-article.html"), "utf8").replace("{{OTHER_ORIGIN}}", otherSite.origin);
  fixtures.route("/reader-article.html", (_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(article);
  });
}

export interface ReaderSession {
  hearth: HearthBrowser;
  /** Serves /reader-article.html and its photo. */
  fixtures: FixtureServer;
  /** Another origin, serving the article's second image. */
  otherSite: FixtureServer;
  /** An options page to send requests from. */
  options: Page;
  close(): Promise<void>;
}

/** The reader's test setting: both fixture sites, Firefox with Hearth, and an options page to act from. */
export async function startReaderSession(): Promise<ReaderSession> {
  const fixtures = await startFixtureServer();
  const otherSite = await startFixtureServer();
  serveReaderArticle(fixtures, otherSite);
  const hearth = await launchHearth();
  const options = await hearth.openExtensionPage("options/index.html", "#settings-form");
  return {
    hearth,
    fixtures,
    otherSite,
    options,
    async close() {
      await hearth.close();
      await fixtures.close();
      await otherSite.close();
    },
  };
}

/**
 * Open `url` in a tab, then the reader for that tab (reader/index.html?tab=<id>, what "Simplify page" opens), in a
 * tall window unless told, in front so its visibility observers run.
 */
export async function openReader(hearth: HearthBrowser, extensionPage: Page, url: string, viewport = { width: 1000, height: 1800 }): Promise<Page> {
  const article = await hearth.openPage(url);
  const tabId = await tabIdOf(extensionPage, article.url());
  const reader = await hearth.openExtensionPage(`reader/index.html?tab=${tabId}`, "body:not([data-simplify=loading])");
  await reader.setViewport(viewport);
  await reader.bringToFront();
  return reader;
}

/** Each block of the reader as shown. */
export function readItems(page: Page): Promise<ShownItem[]> {
  return page.$$eval(".reader-item", (items) =>
    items.map((item) => {
      const element = item as HTMLElement;
      const block = element.querySelector<HTMLElement>(".reader-block");
      const toggle = element.querySelector<HTMLButtonElement>(".reader-toggle");
      return {
        id: element.dataset.blockId ?? "",
        kind: block?.dataset.kind ?? "",
        state: element.dataset.state ?? "",
        showing: element.dataset.showing ?? "",
        failure: element.dataset.failure ?? null,
        text: Array.from(block?.querySelectorAll("p, li, h1, h2, h3, figcaption") ?? [])
          .map((node) => {
            const copy = node.cloneNode(true) as Element;
            for (const image of copy.querySelectorAll(".reader-image")) image.remove();
            return (copy.textContent ?? "").trim();
          })
          .join("\n"),
        links: Array.from(block?.querySelectorAll("a") ?? []).map((a) => ({ text: a.textContent ?? "", href: a.getAttribute("href") ?? "" })),
        note: element.querySelector(".reader-note:not([hidden])")?.textContent ?? "",
        toggle: toggle && !toggle.hidden ? toggle.textContent : null,
      };
    }),
  );
}

/** The blocks the model rewrites. */
export const simplifiable = (items: ShownItem[]): ShownItem[] => items.filter((item) => ["paragraph", "list"].includes(item.kind));

/** The block showing `words`, or an error listing what is shown. */
export function itemWith(items: ShownItem[], words: string): ShownItem {
  const found = items.find((item) => item.text.includes(words));
  if (!found) throw new Error(`no block shows "${words}"; blocks: ${items.map((item) => item.text.slice(0, 40)).join(" | ")}`);
  return found;
}

/** Wait until the reader's run is in one of `phases` (body[data-simplify]). */
export async function waitForPhase(page: Page, phases: string[], timeout = 20_000): Promise<void> {
  await page.waitForFunction((wanted: string[]) => wanted.includes(document.body.dataset.simplify ?? ""), { timeout }, phases);
}
