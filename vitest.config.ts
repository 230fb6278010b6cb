import { defineConfig } from "vitest/config";

// Unit tests: pure logic and protocol code, next to the source. Browser-only code is covered by tests/e2e.
export default defineConfig({
  resolve: {
    // pdf.js's modern build needs Iterator helpers that Node 20 lacks; the legacy build extracts the same text.
    alias: [{ find: /^pdfjs-dist$/, replacement: "pdfjs-dist/legacy/build/pdf.mjs" }],
  },
  test: {
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts", "tests/fixtures/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
  },
});
