import { describe, expect, it } from "vitest";
import { BrokenPdfError, ContextOverflowError, decodeError, encodeError, ModelNotLoadedError, PdfPasswordRequiredError } from "../../../shared/protocol/errors";
import { adviceFor, durationPhrase, progressPhrase } from "./status-text";
import { LocalPdfError } from "./read-source";

describe("summary status text", () => {
  it("says which part of a full read is running", () => {
    expect(progressPhrase({ phase: "reading", part: 3, parts: 12 })).toEqual({ key: "summaryProgressReading", subs: ["3", "12"] });
    expect(progressPhrase({ phase: "writing", part: 1, parts: 1 })).toEqual({ key: "summaryProgressWriting" });
  });

  it("rounds an estimate to what a person would say", () => {
    expect(durationPhrase(4)).toEqual({ key: "summaryDurationFewSeconds" });
    expect(durationPhrase(42)).toEqual({ key: "summaryDurationSeconds", subs: ["40"] });
    expect(durationPhrase(130)).toEqual({ key: "summaryDurationMinutes", subs: ["2"] });
    expect(durationPhrase(3 * 3600)).toEqual({ key: "summaryDurationHours", subs: ["3"] });
    expect(durationPhrase(Number.NaN)).toEqual({ key: "summaryDurationFewSeconds" });
  });
});

describe("adviceFor", () => {
  it("turns errors that crossed the wire into advice with something to do", () => {
    const wire = (error: Error) => decodeError(encodeError(error));
    expect(adviceFor(wire(new ModelNotLoadedError("none")))).toEqual({ key: "summaryErrorNoModel", action: "settings" });
    expect(adviceFor(wire(new PdfPasswordRequiredError()))).toEqual({ key: "summaryPdfPassword", action: "password" });
    expect(adviceFor(wire(new BrokenPdfError()))).toEqual({ key: "summaryPdfBroken" });
    expect(adviceFor(wire(new ContextOverflowError("small")))).toMatchObject({ key: "summaryErrorContext" });
    expect(adviceFor(new LocalPdfError())).toEqual({ key: "summaryPdfLocal", action: "file" });
  });

  it("stays quiet when the user stopped, and passes other messages on", () => {
    expect(adviceFor(decodeError({ name: "AbortedError", message: "Stopped." }))).toBeNull();
    expect(adviceFor(new Error("disk on fire"))).toEqual({ key: "summaryErrorGeneric", subs: ["disk on fire"] });
  });
});
