// `web-ext lint` over the built add-on: it must report 0 errors and 0 warnings. The libraries' own sinks (an
// innerHTML assignment or an import() of a computed URL) are removed at build time by scripts/vendor-hardening.ts,
// so nothing is accepted here: any warning, in Hearth's code or a library's, fails the lint.
import { execFileSync } from "node:child_process";

const dir = process.argv[2] ?? "dist/firefox";
let output;
try {
  output = execFileSync("npx", ["web-ext", "lint", "--source-dir", dir, "--output", "json"], { encoding: "utf8" });
} catch (error) {
  // web-ext exits non-zero when there are errors; the JSON is still on stdout.
  output = error.stdout;
}
const report = JSON.parse(output);
console.log(`web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings, ${report.notices.length} notices`);
const problems = [...report.errors, ...report.warnings];
for (const item of problems) console.error(`  ${item.code} ${item.file ?? ""}:${item.line ?? ""} ${item.message}`);
process.exit(problems.length === 0 ? 0 : 1);
