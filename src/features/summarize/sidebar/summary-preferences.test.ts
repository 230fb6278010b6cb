import { describe, expect, it } from "vitest";
import { normalizePreferences, toSummaryOptions } from "./summary-preferences";

describe("summary preferences", () => {
  it("keeps valid fields and defaults each bad one on its own", () => {
    expect(normalizePreferences({ style: "tldr", length: "epic", language: "ui", mode: 3 })).toEqual({ style: "tldr", length: "medium", language: "ui", mode: "auto" });
    expect(normalizePreferences(null)).toEqual({ style: "key-points", length: "medium", language: "source", mode: "auto" });
  });

  it("asks for the browser's language only when the user chose it", () => {
    const prefs = normalizePreferences({ language: "ui", mode: "full" });
    expect(toSummaryOptions(prefs, "de-DE")).toEqual({ style: "key-points", length: "medium", mode: "full", language: "de-DE" });
    expect(toSummaryOptions({ ...prefs, language: "source" }, "de-DE")).toEqual({ style: "key-points", length: "medium", mode: "full" });
  });
});
