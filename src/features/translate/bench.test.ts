// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { measureDomCostPer1000Segments } from "./bench";

describe("measureDomCostPer1000Segments", () => {
  it("translates and restores a generated page, reporting the cost per 1000 segments", async () => {
    const report = await measureDomCostPer1000Segments(document, { sections: 60 });
    // Each generated section holds 6 text units (heading, 2 paragraphs, 3 list items) and 2 attribute units.
    expect(report.segments).toBe(60 * 8);
    expect(report.nodes).toBeGreaterThan(60 * 30);
    expect(report.restoredIdentical).toBe(true);
    expect(report.perThousandSegmentsMs).toBeGreaterThan(0);
    expect(report.perThousandSegmentsMs).toBeCloseTo(((report.translateMs + report.restoreMs) / report.segments) * 1000, 6);
    expect(report.longestSliceMs).toBeLessThanOrEqual(report.segmentBusyMs);
    expect(document.body.childNodes).toHaveLength(0);
  });
});
