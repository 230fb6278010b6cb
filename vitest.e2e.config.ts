import { defineConfig } from "vitest/config";

// End-to-end tests: the built add-on in real Firefox ESR. One file at a time: each starts its own Firefox, and the
// machines this runs on have two cores.
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.e2e.ts"],
    // Every e2e Firefox goes through one logging proxy; the run fails if anything but loopback was contacted.
    globalSetup: ["tests/e2e/egress/global-setup.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
