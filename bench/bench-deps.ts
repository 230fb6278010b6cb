/**
 * What the bench needs beyond the root install: node-llama-cpp (bench/package.json; ~700 MB with its prebuilt
 * binaries, so the root `npm ci` never installs it) and the test build, which alone holds the bench page.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
export const BENCH_DIR = import.meta.dirname;
/** The bench page inside the test build (vite.config.ts adds it when HEARTH_BUILD=test). */
export const BENCH_PAGE = "bench/engine-bench.html";

/** Install bench/package.json's dependencies into bench/node_modules unless node-llama-cpp is already there. */
export function ensureBenchDependencies(): void {
  if (existsSync(resolve(BENCH_DIR, "node_modules/node-llama-cpp/package.json"))) return;
  console.log("Installing the bench's own dependencies (node-llama-cpp, ~700 MB) into bench/node_modules...");
  execFileSync("npm", ["install", "--prefix", BENCH_DIR, "--no-audit", "--no-fund"], { stdio: "inherit" });
}

/** Throw unless dist/firefox-test holds the bench page. */
export function ensureTestBuild(): void {
  if (!existsSync(resolve(root, "dist/firefox-test", BENCH_PAGE))) {
    throw new Error(`dist/firefox-test/${BENCH_PAGE} is missing: run \`npm run build:test\` first (the bench page is built into the test build only).`);
  }
}
