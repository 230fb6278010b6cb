/**
 * Build-time hardening of the few places where the libraries Hearth ships turn a string into code or markup:
 * an innerHTML assignment or an `import()` of a computed URL. Each edit removes such a sink from a path Hearth
 * either never takes or can take more safely, and is why the built add-on passes `web-ext lint` with no warning.
 *
 * Every edit names the package version it was written against and the exact text it replaces. The build fails when
 * the installed version differs or the text is not found exactly once, so a library update is re-reviewed here
 * instead of being patched blindly. node_modules stays untouched: the edits apply to the built add-on only, and
 * scripts/vendor-hardening.test.ts checks that the edited libraries still give the results Hearth relies on.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Plugin } from "vite";

export interface VendorEdit {
  /** Why the sink goes, and what Hearth does instead. */
  why: string;
  find: string;
  replace: string;
}

export interface VendorHardening {
  pkg: string;
  version: string;
  /** The file inside the package, as it appears in the installed package. */
  file: string;
  /** Read by the pages' bundle (edited by the Vite plugin); otherwise copied by scripts/build.ts (hardenedFile). */
  bundled: boolean;
  edits: VendorEdit[];
}

export const hardenings: VendorHardening[] = [
  {
    pkg: "dompurify",
    version: "3.5.0",
    file: "dist/purify.es.mjs",
    bundled: true,
    edits: [
      {
        why:
          "DOMPurify parses HTML with DOMParser and only falls back to innerHTML on an XML document for a non-HTML " +
          "NAMESPACE setting (or a DOMParser that fails, which Firefox's does not). Hearth sanitizes HTML only, so " +
          "the fallback goes: its document stays empty and the result is empty (fails closed).",
        find: "\t\t\ttry {\n\t\t\t\tdoc.documentElement.innerHTML = IS_EMPTY_INPUT ? emptyHTML : dirtyPayload;\n\t\t\t} catch (_) {}\n",
        replace: "",
      },
    ],
  },
  {
    pkg: "@mozilla/readability",
    version: "0.6.0",
    file: "Readability.js",
    bundled: false,
    edits: [
      {
        why:
          "Readability keeps the page as serialized HTML to restore it before each retry; a deep clone keeps the same " +
          "tree without serializing it and parsing it back.",
        find: "    var pageCacheHtml = page.innerHTML;\n",
        replace: "    var pageCache = page.cloneNode(true);\n",
      },
      {
        why: "Restore the page from that clone (cloned again, as a retry may come more than once).",
        find: "        // eslint-disable-next-line no-unsanitized/property\n        page.innerHTML = pageCacheHtml;\n",
        replace: "        page.replaceChildren(...pageCache.cloneNode(true).childNodes);\n",
      },
      {
        why:
          "An image inside <noscript> is parsed with DOMParser, into an inert document that runs no script and loads " +
          "nothing, then moved into the page copy, instead of through innerHTML on an element of that copy.",
        find: "      // eslint-disable-next-line no-unsanitized/property\n      tmp.innerHTML = noscript.innerHTML;\n",
        replace: '      tmp.append(...new DOMParser().parseFromString(noscript.innerHTML, "text/html").body.childNodes);\n',
      },
    ],
  },
  {
    pkg: "pdfjs-dist",
    version: "6.5.438",
    file: "build/pdf.mjs",
    bundled: true,
    edits: [
      {
        why:
          "When a real worker cannot start, pdf.js imports its worker script by URL and parses the PDF on the page's " +
          "own thread. Hearth never parses an untrusted PDF on a UI thread: it reports that the PDF reader could " +
          "not start (and pdf.js keeps the worker off for that page until it is reloaded).",
        find: "      const worker = await import(\n      /*webpackIgnore: true*/\n      /*@vite-ignore*/\n      this.workerSrc);\n",
        replace: '      const worker = await Promise.reject(new Error("pdf.js runs in its worker only in Hearth"));\n',
      },
    ],
  },
  {
    pkg: "pdfjs-dist",
    version: "6.5.438",
    file: "build/pdf.worker.mjs",
    bundled: false,
    edits: [
      {
        why:
          "When its WebAssembly image decoders cannot load, pdf.js imports a JS decoder by URL. Hearth reads text " +
          "only, which decodes no image, and ships neither kind of decoder, so that import goes: a decoder that " +
          "cannot load is a warning in pdf.js, not a failure.",
        find:
          "    } = await import(\n    /*webpackIgnore: true*/\n    /*@vite-ignore*/\n" +
          "    `${WasmImage.#wasmUrl}${this._noWasmFilename}`);\n",
        replace: '    } = await Promise.reject(new Error("pdf.js image decoders without WebAssembly are not in Hearth"));\n',
      },
    ],
  },
];

/** The repository root, where node_modules is. */
const ROOT = resolve(import.meta.dirname, "..");

/** The installed package's root directory and version (read directly: not every package exports package.json). */
export function installedPackage(pkg: string, fromDir: string = ROOT): { dir: string; version: string } {
  const dir = join(fromDir, "node_modules", pkg);
  const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string };
  return { dir, version };
}

/** Apply one package file's edits to its text; throws when an edit's text is not there exactly once. */
export function applyHardening(hardening: VendorHardening, code: string): string {
  let result = code;
  for (const edit of hardening.edits) {
    const count = result.split(edit.find).length - 1;
    if (count !== 1) {
      throw new Error(
        `${hardening.pkg} ${hardening.file}: the text to edit was found ${count} times, not once. Re-review ` +
          `scripts/vendor-hardening.ts against this version of the library.\n  ${JSON.stringify(edit.find)}`,
      );
    }
    result = result.replace(edit.find, () => edit.replace);
  }
  return result;
}

/** Check that the installed version is the one the edits were written against. */
export function checkVersion(hardening: VendorHardening, fromDir?: string): string {
  const { dir, version } = installedPackage(hardening.pkg, fromDir);
  if (version !== hardening.version) {
    throw new Error(
      `${hardening.pkg} is ${version}, but scripts/vendor-hardening.ts was written for ${hardening.version}. ` +
        "Re-review its edits against the new version, then update the version there.",
    );
  }
  return join(dir, hardening.file);
}

/** The hardened text of a package file, read from node_modules (for files the build copies as they are). */
export function hardenedFile(pkg: string, file: string, fromDir?: string): string {
  const hardening = hardenings.find((item) => item.pkg === pkg && item.file === file);
  if (!hardening) throw new Error(`No hardening is listed for ${pkg} ${file}.`);
  return applyHardening(hardening, readFileSync(checkVersion(hardening, fromDir), "utf8"));
}

/**
 * Vite plugin: applies the edits to the listed package files as the bundle reads them, and fails the build when a
 * file listed as bundled was never read (a path that no longer matches would otherwise skip its edits silently).
 */
export function vendorHardening(fromDir?: string): Plugin {
  const byPath = new Map(hardenings.map((hardening) => [checkVersion(hardening, fromDir), hardening]));
  const applied = new Set<VendorHardening>();
  return {
    name: "hearth-vendor-hardening",
    transform(code, id) {
      const hardening = byPath.get(id.split("?")[0] ?? id);
      if (!hardening) return null;
      applied.add(hardening);
      return { code: applyHardening(hardening, code), map: null };
    },
    buildEnd(error) {
      if (error) return;
      const missed = hardenings.filter((hardening) => hardening.bundled && !applied.has(hardening));
      if (missed.length > 0) {
        this.error(`vendor hardening: the bundle never read ${missed.map((h) => `${h.pkg}/${h.file}`).join(", ")}; its edits were not applied.`);
      }
    },
  };
}
