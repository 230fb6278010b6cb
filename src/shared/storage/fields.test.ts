import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { defaultsOf, fieldProblem, readFields } from "./fields";

const fields = {
  size: { schema: v.picklist([14, 16, 18]), default: 16 as const },
  name: { schema: v.pipe(v.string(), v.maxLength(5, "Five letters at most.")), default: "" },
};

describe("field tables", () => {
  it("keep each valid stored field and default only the bad or missing ones", () => {
    expect(readFields(fields, { size: 18, name: "toolongname", extra: 1 })).toEqual({ size: 18, name: "" });
    expect(readFields(fields, { size: 17, name: "ok" })).toEqual({ size: 16, name: "ok" });
    expect(readFields(fields, "not a record")).toEqual(defaultsOf(fields));
  });

  it("say why a value does not fit", () => {
    expect(fieldProblem(fields, "name", "abcdefg")).toBe("Five letters at most.");
    expect(fieldProblem(fields, "size", 14)).toBeNull();
  });
});
