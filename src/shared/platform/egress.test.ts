import { beforeEach, describe, expect, it, vi } from "vitest";
import { PermissionError } from "../protocol/errors";
import { egressFetchFor, egressRefusal, type EgressPurpose } from "./egress";

/** A fetch that records what it was asked and answers as if the request ended at `finalUrl`. */
function recordingFetch(finalUrl?: string) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const cancel = vi.fn(async () => {});
  const impl = async (url: string, init?: RequestInit): Promise<Response> => {
    calls.push({ url, init });
    const response = new Response("body");
    Object.defineProperty(response, "url", { value: finalUrl ?? url });
    Object.defineProperty(response, "body", { value: { cancel } });
    return response;
  };
  return { impl, calls, cancel };
}

describe("egressRefusal", () => {
  it.each<[EgressPurpose, string]>([
    ["model-download", "https://huggingface.co/Qwen/x/resolve/abc/model.gguf"],
    ["model-download", "http://127.0.0.1:8123/tiny.gguf"],
    ["local-server", "http://127.0.0.1:8080/v1/models"],
    ["local-server", "http://localhost:11434/v1/chat/completions"],
    ["local-server", "http://[::1]:8080/v1/models"],
    ["tab-pdf", "https://journal.example/paper.pdf"],
    ["tab-pdf", "http://127.0.0.1:9000/report.pdf"],
  ])("lets %s reach %s", (purpose, url) => {
    expect(egressRefusal(purpose, url)).toBeNull();
  });

  it.each<[EgressPurpose, string, RegExp]>([
    ["model-download", "https://example.com/model.gguf", /only from Hugging Face/],
    ["local-server", "http://192.168.1.5:8080/v1/models", /on this computer/],
    ["local-server", "https://api.openai.example/v1/models", /on this computer/],
    ["local-server", "ftp://127.0.0.1/x", /Only http/],
    ["tab-pdf", "file:///home/me/secret.pdf", /http\(s\) only/],
    ["tab-pdf", "https://me:pw@journal.example/paper.pdf", /user name or password/],
    ["tab-pdf", "javascript:alert(1)", /http\(s\) only/],
    ["packaged", "https://huggingface.co/x", /not inside the add-on/],
    ["model-download", "not a url", /not a web address/],
  ])("refuses %s to %s", (purpose, url, why) => {
    expect(egressRefusal(purpose, url)).toMatch(why);
  });

  it("takes packaged files from the page's own origin only", () => {
    vi.stubGlobal("location", { origin: "moz-extension://0a1b2c3d" });
    try {
      expect(egressRefusal("packaged", "moz-extension://0a1b2c3d/models/embedded.json")).toBeNull();
      expect(egressRefusal("packaged", "moz-extension://other-addon/models/embedded.json")).toMatch(/not inside/);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe("egressFetchFor", () => {
  const counted: string[] = [];
  const count = async (purpose: string) => {
    counted.push(purpose);
  };
  beforeEach(() => {
    counted.length = 0;
  });

  it("makes an allowed request with the purpose's defaults, the caller's init winning", async () => {
    const { impl, calls } = recordingFetch();
    const response = await egressFetchFor("model-download", { fetch: impl, count })("https://huggingface.co/x.gguf", { cache: "no-store" });
    expect(await response.text()).toBe("body");
    expect(calls).toEqual([
      { url: "https://huggingface.co/x.gguf", init: { credentials: "omit", referrerPolicy: "no-referrer", cache: "no-store" } },
    ]);
    expect(counted).toEqual(["model-download"]);
  });

  it("refuses before connecting", async () => {
    const { impl, calls } = recordingFetch();
    await expect(egressFetchFor("local-server", { fetch: impl, count })("http://10.0.0.2:8080/v1/models")).rejects.toThrow(PermissionError);
    expect(calls).toEqual([]);
    expect(counted).toEqual([]);
  });

  it("counts every request it lets through, failed ones included, but not packaged files", async () => {
    const failing = async (): Promise<Response> => {
      throw new TypeError("NetworkError when attempting to fetch resource.");
    };
    await expect(egressFetchFor("tab-pdf", { fetch: failing, count })("https://journal.example/a.pdf")).rejects.toThrow(TypeError);
    vi.stubGlobal("location", { origin: "moz-extension://0a1b2c3d" });
    try {
      const { impl } = recordingFetch();
      await egressFetchFor("packaged", { fetch: impl, count })("moz-extension://0a1b2c3d/models/embedded.json");
    } finally {
      vi.unstubAllGlobals();
    }
    expect(counted).toEqual(["tab-pdf"]);
  });

  it("never follows a redirect from the local server, whatever the caller asks", async () => {
    const { impl, calls } = recordingFetch();
    await egressFetchFor("local-server", { fetch: impl, count })("http://127.0.0.1:8080/v1/chat/completions", { method: "POST" });
    expect(calls[0]?.init).toMatchObject({ redirect: "error", method: "POST" });
  });

  it("still makes the request when the count cannot be stored", async () => {
    const { impl, calls } = recordingFetch();
    const full = async () => {
      throw new Error("QuotaExceededError");
    };
    await egressFetchFor("local-server", { fetch: impl, count: full })("http://127.0.0.1:8080/v1/models");
    expect(calls).toHaveLength(1);
  });

  it("discards a response that a redirect brought from somewhere the purpose may not reach", async () => {
    const { impl, cancel } = recordingFetch("https://tracker.example/model.gguf");
    await expect(egressFetchFor("model-download", { fetch: impl, count })("https://huggingface.co/x.gguf")).rejects.toThrow(/stopped a redirect/);
    expect(cancel).toHaveBeenCalledOnce();
  });

  it("accepts a redirect that stays within the purpose's rule (Hugging Face to its CDN)", async () => {
    const { impl } = recordingFetch("https://cas-bridge.xethub.hf.co/xet/abc");
    const response = await egressFetchFor("model-download", { fetch: impl, count })("https://huggingface.co/x.gguf");
    expect(response.url).toBe("https://cas-bridge.xethub.hf.co/xet/abc");
  });

  it("sends the tab's PDF request with the user's cookies and no referrer", async () => {
    const { impl, calls } = recordingFetch();
    await egressFetchFor("tab-pdf", { fetch: impl, count })("https://journal.example/paper.pdf");
    expect(calls[0]?.init).toEqual({ credentials: "include", referrerPolicy: "no-referrer" });
  });
});
