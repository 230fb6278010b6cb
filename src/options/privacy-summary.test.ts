import { describe, expect, it } from "vitest";
import { jsonBytes, privacyLines } from "./privacy-summary";

const t = (key: string, subs: string[] = []) => `${key}(${subs.join("|")})`;

describe("privacyLines", () => {
  it("lists every kind of stored data with its size, in a fixed order", () => {
    const lines = privacyLines(
      {
        modelBytes: 386_000_000,
        modelCount: 1,
        partialBytes: 0,
        chatConversations: 12,
        chatBytes: 48_200,
        settingsBytes: 900,
        requests: { "model-download": 3, "tab-pdf": 2, "local-server": 1400 },
      },
      t,
    );
    expect(lines).toEqual([
      { labelKey: "privacyModels", value: "privacyModelsValue(1|386 MB)" },
      { labelKey: "privacyPartial", value: "0 bytes" },
      { labelKey: "privacyChats", value: "privacyChatsValue(12|48.2 kB)" },
      { labelKey: "privacySettings", value: "900 bytes" },
      { labelKey: "privacyTranslations", value: "privacyTranslationsValue()" },
      // Requests that leave this computer are totalled; the local server's stay on it and are listed apart.
      { labelKey: "privacyRequests", value: "privacyRequestsValue(5|3|2)" },
      { labelKey: "privacyLocalServer", value: "privacyLocalServerValue(1,400)" },
    ]);
  });

  it("measures stored JSON in UTF-8 bytes", () => {
    expect(jsonBytes({ a: "é" })).toBe(new TextEncoder().encode('{"a":"é"}').length);
    expect(jsonBytes(undefined)).toBe(0);
  });
});
