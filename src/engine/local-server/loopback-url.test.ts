import { describe, expect, it } from "vitest";
import { LocalServerError } from "../../shared/protocol/errors";
import { loopbackBase, loopbackEndpoint } from "./loopback-url";

describe("loopbackBase", () => {
  it.each([
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080"],
    ["http://localhost:11434/v1/", "http://localhost:11434"],
    ["http://[::1]:8080/", "http://[::1]:8080"],
    ["http://[0:0:0:0:0:0:0:1]:8080", "http://[::1]:8080"],
    ["  http://127.0.0.1:8080/llm/v1  ", "http://127.0.0.1:8080/llm"],
  ])("accepts %s as %s", (raw, base) => {
    expect(loopbackBase(raw)).toBe(base);
  });

  it.each([
    "http://example.com:8080",
    "http://127.0.0.1.nip.io:8080",
    "http://localhost@example.com/",
    "http://user:pass@127.0.0.1:8080",
    "http://127.0.0.2:8080",
    "http://192.168.1.10:11434",
    "http://[::2]:8080",
    "http://localhost.:8080",
    "ftp://127.0.0.1/",
    "file:///tmp/x",
    "not a url",
  ])("refuses %s", (raw) => {
    expect(() => loopbackBase(raw)).toThrow(LocalServerError);
  });

  it("builds endpoints on the checked base", () => {
    expect(loopbackEndpoint("http://127.0.0.1:8080/v1", "/v1/models")).toBe("http://127.0.0.1:8080/v1/models");
  });
});
