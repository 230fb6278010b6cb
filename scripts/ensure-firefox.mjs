// Makes sure the system packages the tests need are present: Firefox ESR (the e2e browser), Mesa's Vulkan drivers
// (a software WebGPU adapter for the engine's GPU-path test), qpdf and poppler-utils (encrypted test PDFs and the
// pdftotext comparison) and DejaVu fonts (non-Latin test PDFs). As root it installs them with apt; otherwise it
// stops and prints the exact command to run.
import { execFileSync, spawnSync } from "node:child_process";

const packages = ["firefox-esr", "mesa-vulkan-drivers", "qpdf", "poppler-utils", "fonts-dejavu-core"];

function installed(name) {
  const result = spawnSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" });
  return result.status === 0 && result.stdout.includes("install ok installed");
}

const missing = packages.filter((name) => !installed(name));
if (missing.length === 0) process.exit(0);

const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(" ")}`;
if (typeof process.getuid === "function" && process.getuid() === 0) {
  console.log(`Installing system packages the tests need: ${missing.join(", ")}`);
  execFileSync("sh", ["-c", command], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
} else {
  console.error(`The tests need these Debian packages: ${missing.join(", ")}.\nRun as root:\n  sudo sh -c '${command}'`);
  process.exit(1);
}
