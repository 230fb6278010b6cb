// `web-ext lint` over the built add-on, holding Hearth's own files to 0 errors and 0 warnings. The only warnings
// accepted are these known patterns in unmodified upstream libraries (each reviewed; see docs/architecture.md):
//   - DOMPurify sets innerHTML on an inert document it creates itself (that is how it parses before sanitizing);
//   - Readability restores a cached copy of the page clone it was given (innerHTML on that clone, never the page);
//   - pdf.js imports its worker module by URL (our own vendor/pdfjs/pdf.worker.mjs).
// Anything else, or any of these appearing in Hearth's own files, fails the lint.
import { execFileSync } from "node:child_process";

const accepted = [
  { code: "UNSAFE_VAR_ASSIGNMENT", file: /^vendor\/dompurify-[\w-]+\.js$/ },
  { code: "UNSAFE_VAR_ASSIGNMENT", file: /^vendor\/readability\/Readability\.js$/ },
  { code: "UNSAFE_VAR_ASSIGNMENT", file: /^vendor\/pdfjs-dist-[\w-]+\.js$/ },
  { code: "UNSAFE_VAR_ASSIGNMENT", file: /^vendor\/pdfjs\/pdf\.worker\.mjs$/ },
];
const dir = process.argv[2] ?? "dist/firefox";
let output;
try {
  output = execFileSync("npx", ["web-ext", "lint", "--source-dir", dir, "--output", "json"], { encoding: "utf8" });
} catch (error) {
  // web-ext exits non-zero when there are errors; the JSON is still on stdout.
  output = error.stdout;
}
const report = JSON.parse(output);
const problems = [...report.errors, ...report.warnings].filter(
  (item) => !accepted.some((rule) => rule.code === item.code && rule.file.test(item.file ?? "")),
);
const known = report.warnings.length - problems.filter((item) => report.warnings.includes(item)).length;
console.log(`web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings (${known} known upstream-library patterns accepted), ${report.notices.length} notices`);
for (const item of problems) console.error(`  ${item.code} ${item.file ?? ""}:${item.line ?? ""} ${item.message}`);
process.exit(problems.length === 0 ? 0 : 1);
