/**
 * One-file offline install: copies a built add-on and puts a GGUF model inside it (models/embedded.gguf, described by
 * models/embedded.json), optionally packing it as an .xpi with web-ext. Hearth lists the embedded model as present and
 * loads it from the add-on's own files: no download, no network, from the first start.
 *
 *   npm run build && npx tsx scripts/embed-model.ts --model ~/models/qwen2.5-0.5b-instruct-q8_0.gguf --xpi
 *
 * Options: --model <file.gguf> (required), --id <model id>, --name <display name>, --from <built add-on dir>
 * (default dist/firefox), --out <dir> (default dist/firefox-embedded), --xpi (also pack it as an .xpi, into
 * --artifacts <dir>, default web-ext-artifacts).
 * addons.mozilla.org accepts files up to 200 MB, so an add-on with a real model is for self-distribution.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, cpSync, createReadStream, existsSync, mkdirSync, openSync, readSync, closeSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { EMBEDDED_MANIFEST, parseEmbeddedManifest, type EmbeddedModel } from "../src/features/models/embedded-model";
import { GGUF_HEADER_BYTES, parseGgufHeader } from "../src/features/models/gguf-header";
import { importId, importedName } from "../src/features/models/import-model";

const root = resolve(import.meta.dirname, "..");
const AMO_LIMIT_BYTES = 200 * 1024 * 1024;
const EMBEDDED_FILE = "embedded.gguf";

async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 8 * 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function checkGguf(path: string): void {
  const head = Buffer.alloc(GGUF_HEADER_BYTES);
  const fd = openSync(path, "r");
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  parseGgufHeader(new Uint8Array(head), basename(path));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: "string" },
      id: { type: "string" },
      name: { type: "string" },
      from: { type: "string", default: "dist/firefox" },
      out: { type: "string", default: "dist/firefox-embedded" },
      xpi: { type: "boolean", default: false },
      artifacts: { type: "string", default: "web-ext-artifacts" },
    },
  });
  if (!values.model) throw new Error("Pass --model <file.gguf>: the model to put inside the add-on.");
  const model = resolve(values.model);
  const from = resolve(root, values.from);
  const out = resolve(root, values.out);
  if (!existsSync(join(from, "manifest.json"))) throw new Error(`${values.from} has no manifest.json: build the add-on first (npm run build).`);
  if (out === from) throw new Error("--out must differ from --from.");
  checkGguf(model);

  const fileName = basename(model);
  const manifest: EmbeddedModel = {
    // "import-" is the importer's prefix; an embedded model gets its own.
    id: values.id ?? importId(fileName, new Set()).replace(/^import-/, "embedded-"),
    name: values.name ?? importedName(fileName),
    file: EMBEDDED_FILE,
    bytes: statSync(model).size,
    sha256: await sha256Of(model),
  };
  if (!parseEmbeddedManifest(manifest)) throw new Error(`"${manifest.id}" cannot name a model: use letters, digits, ".", "_" and "-".`);

  rmSync(out, { recursive: true, force: true });
  cpSync(from, out, { recursive: true });
  mkdirSync(join(out, "models"), { recursive: true });
  copyFileSync(model, join(out, "models", EMBEDDED_FILE));
  writeFileSync(join(out, EMBEDDED_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`Embedded ${fileName} as "${manifest.name}" (${manifest.id}, ${manifest.bytes} bytes, sha256 ${manifest.sha256}) in ${values.out}.`);

  if (values.xpi) {
    const built = spawnSync("npx", ["web-ext", "build", "--source-dir", out, "--artifacts-dir", resolve(root, values.artifacts), "--overwrite-dest", "--filename", `hearth-embedded-${manifest.id}.xpi`], {
      cwd: root,
      stdio: "inherit",
    });
    if (built.status !== 0) throw new Error("web-ext build failed.");
  }
  if (manifest.bytes >= AMO_LIMIT_BYTES) {
    console.log("Note: addons.mozilla.org accepts add-ons up to 200 MB; distribute this build yourself (signed as unlisted).");
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
