import { defineConfig } from "vitest/config";

// Unit tests: pure logic and protocol code, next to the source. Browser-only code is covered by tests/e2e.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts", "tests/fixtures/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
  },
});
