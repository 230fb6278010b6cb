/**
 * Builds the unpacked add-on into dist/firefox: extension pages and background (vite.config.ts), the content script
 * as one classic script, the manifest with the package version, locales, icons, and the engine's WebAssembly.
 * Fails when any shipped JS file reaches 5 MB, which addons.mozilla.org's linter cannot parse.
 */
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { build } from "vite";
import { hardenedFile } from "./vendor-hardening";
import { collectWebLlmLibs } from "./webllm-libs";

const root = resolve(import.meta.dirname, "..");
// `--test` builds dist/firefox-test, which the e2e suite installs: the same add-on plus the scripted fake engine.
const testBuild = process.argv.includes("--test");
if (testBuild) process.env.HEARTH_BUILD = "test";
const out = join(root, testBuild ? "dist/firefox-test" : "dist/firefox");
const MAX_JS_BYTES = 5 * 1024 * 1024;

/**
 * Files copied from npm packages into the add-on so nothing is ever fetched from a CDN at run time, with the edits
 * listed in scripts/vendor-hardening.ts applied.
 */
const vendorFiles: [pkg: string, file: string, to: string][] = [
  ["@mozilla/readability", "Readability.js", "vendor/readability/Readability.js"],
  // pdf.js's worker, the same version and build as the library in the bundle (see src/features/pdf/extract.ts).
  ["pdfjs-dist", "build/pdf.worker.mjs", "vendor/pdfjs/pdf.worker.mjs"],
];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

type Messages = Record<string, { message: string; description?: string; placeholders?: object }>;

/**
 * Merge src/_locales/<lang>/messages.json with each feature's src/features/<feature>/_locales/<lang>.json, so features
 * own their strings without editing one shared file. A key defined twice, or an English key missing in another
 * language, fails the build.
 */
function writeLocales(srcDir: string, outDir: string): void {
  const languages = readdirSync(join(srcDir, "_locales"));
  const featureDirs = readdirSync(join(srcDir, "features")).map((name) => join(srcDir, "features", name, "_locales"));
  const merged = new Map<string, Messages>();
  for (const lang of languages) {
    const messages: Messages = JSON.parse(readFileSync(join(srcDir, "_locales", lang, "messages.json"), "utf8"));
    for (const dir of featureDirs) {
      let fragment: Messages;
      try {
        fragment = JSON.parse(readFileSync(join(dir, `${lang}.json`), "utf8"));
      } catch {
        continue;
      }
      for (const [key, value] of Object.entries(fragment)) {
        if (key in messages) throw new Error(`Locale key "${key}" (${lang}) is defined twice; last seen in ${relative(root, dir)}.`);
        messages[key] = value;
      }
    }
    merged.set(lang, messages);
  }
  const english = merged.get("en") ?? {};
  for (const [lang, messages] of merged) {
    const missing = Object.keys(english).filter((key) => !(key in messages));
    if (missing.length > 0) throw new Error(`_locales/${lang} lacks ${missing.length} strings: ${missing.slice(0, 10).join(", ")}`);
    mkdirSync(join(outDir, lang), { recursive: true });
    writeFileSync(join(outDir, lang, "messages.json"), JSON.stringify(messages, null, 2));
  }
}

async function main(): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  await build({ configFile: join(root, "vite.config.ts"), mode: process.env.HEARTH_MODE ?? "production" });
  await build({
    configFile: false,
    root: join(root, "src"),
    logLevel: "warn",
    publicDir: false,
    define: { __HEARTH_TEST__: JSON.stringify(testBuild) },
    // Content scripts cannot import chunks, so Readability ships as its own script (the package's file with the edits
    // of scripts/vendor-hardening.ts) listed before content.js in the manifest; the content bundle reads it from the
    // shared content-script global.
    resolve: { alias: { "@mozilla/readability": join(root, "scripts/readability-global.js") } },
    build: {
      outDir: out,
      emptyOutDir: false,
      target: "firefox142",
      minify: true,
      lib: { entry: join(root, "src/content/index.ts"), formats: ["iife"], name: "hearthContent", fileName: () => "content.js" },
    },
  });

  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  const manifest = JSON.parse(readFileSync(join(root, "src/manifest.json"), "utf8")) as Record<string, unknown>;
  writeFileSync(join(out, "manifest.json"), `${JSON.stringify({ ...manifest, version: pkg.version }, null, 2)}\n`);
  writeLocales(join(root, "src"), join(out, "_locales"));
  cpSync(join(root, "src/icons"), join(out, "icons"), { recursive: true });
  for (const [pkg, file, to] of vendorFiles) {
    mkdirSync(join(out, to, ".."), { recursive: true });
    writeFileSync(join(out, to), hardenedFile(pkg, file, root));
  }

  // web-llm's model libraries must ship inside the add-on (AMO forbids remote code); models without one are listed
  // as unavailable in this build, with the reason.
  const webllm = collectWebLlmLibs(join(out, "vendor/webllm"));
  if (webllm.missing.length > 0) console.log(`web-llm: ${webllm.missing.length} model libraries not in .cache/webllm-libs; those models are unavailable in this build.`);

  const tooBig = walk(out).filter((file) => /\.m?js$/.test(file) && statSync(file).size >= MAX_JS_BYTES);
  if (tooBig.length > 0) {
    const list = tooBig.map((file) => `${relative(root, file)} (${(statSync(file).size / 1048576).toFixed(1)} MB)`);
    throw new Error(`These JS files reach 5 MB, which AMO's linter cannot parse; split them:\n  ${list.join("\n  ")}`);
  }
  console.log(`Built ${relative(root, out)} (${walk(out).length} files).`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
