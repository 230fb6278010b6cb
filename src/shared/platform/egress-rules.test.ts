import { describe, expect, it } from "vitest";
import { ModelFileError } from "../protocol/errors";
import { assertDownloadAllowed, downloadRefusal, isLoopbackUrl } from "./egress-rules";

describe("download allow-list", () => {
  it.each([
    "https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/x.gguf",
    "https://cdn-lfs.huggingface.co/repos/ab/cd/file",
    "https://cas-bridge.xethub.hf.co/xet-bridge-us/abc",
    "https://hf.co/x",
    "http://127.0.0.1:8123/models/tiny.gguf",
    "http://localhost:9000/a.gguf",
    "http://[::1]:9000/a.gguf",
  ])("allows %s", (url) => {
    expect(downloadRefusal(url)).toBeNull();
  });

  it.each([
    ["https://example.com/model.gguf", /only from Hugging Face/],
    ["https://huggingface.co.evil.example/x.gguf", /not allowed/],
    ["https://evilhuggingface.co/x.gguf", /not allowed/],
    ["http://huggingface.co/x.gguf", /must use https/],
    ["https://huggingface.co:8443/x.gguf", /standard https port/],
    ["https://user:pw@huggingface.co/x.gguf", /user name or password/],
    ["ftp://127.0.0.1/x.gguf", /Only http/],
    ["file:///etc/passwd", /not allowed/],
    ["not a url", /not a web address/],
    ["http://192.168.1.10:8080/x.gguf", /not allowed/],
  ])("refuses %s", (url, why) => {
    expect(downloadRefusal(url)).toMatch(why);
    expect(() => assertDownloadAllowed(url)).toThrow(ModelFileError);
  });

  it("tells loopback from remote", () => {
    expect(isLoopbackUrl("http://127.0.0.1:1/x")).toBe(true);
    expect(isLoopbackUrl("https://huggingface.co/x")).toBe(false);
    expect(isLoopbackUrl("nonsense")).toBe(false);
  });
});
