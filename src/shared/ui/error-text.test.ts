import { describe, expect, it } from "vitest";
import { ModelNotLoadedError, OutOfMemoryError } from "../protocol/errors";
import { errorText } from "./error-text";

const t = (key: string) => `<${key}>`;

describe("errorText", () => {
  it("says the common named errors in the user's language, from a class or from the wire", () => {
    expect(errorText(new ModelNotLoadedError("No model is loaded."), t)).toBe("<errorNoModel>");
    expect(errorText({ name: "OutOfMemoryError", message: "failed to allocate" }, t)).toBe("<errorMemory>");
    expect(errorText(new OutOfMemoryError("x"), t)).toBe("<errorMemory>");
  });

  it("gives any other error its own message", () => {
    expect(errorText(new Error("The local server at 127.0.0.1:8080 did not answer."), t)).toBe("The local server at 127.0.0.1:8080 did not answer.");
    expect(errorText("plain", t)).toBe("plain");
  });
});
