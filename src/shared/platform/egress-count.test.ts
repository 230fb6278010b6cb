import { describe, expect, it } from "vitest";
import type { KeyValueArea } from "../storage/settings";
import { egressCounter, egressCountsOf } from "./egress-count";

function memoryArea(): KeyValueArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    async get(key) {
      await Promise.resolve();
      return data[key];
    },
    async set(key, value) {
      await Promise.resolve();
      data[key] = value;
    },
  };
}

describe("egress counts", () => {
  it("adds every request, even when many start at once", async () => {
    const area = memoryArea();
    const count = egressCounter(area);
    await Promise.all([...Array(25)].map(() => count("model-download")));
    await count("tab-pdf");
    expect(egressCountsOf(area.data)).toEqual({ "model-download": 25, "tab-pdf": 1, "local-server": 0 });
  });

  it("reads a missing or damaged count as zero", () => {
    expect(egressCountsOf({ "egress.count.model-download": "7", "egress.count.tab-pdf": -3, "egress.count.local-server": 2.5 })).toEqual({
      "model-download": 0,
      "tab-pdf": 0,
      "local-server": 0,
    });
  });
});
