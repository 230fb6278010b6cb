/** What the Privacy section lists: each kind of data Hearth keeps on this device, with its size. Pure, for tests. */
import { formatBytes } from "../features/models/bytes-text";
import type { EgressCounts } from "../shared/platform/egress-count";

export interface StoredFacts {
  modelBytes: number;
  modelCount: number;
  partialBytes: number;
  chatConversations: number;
  chatBytes: number;
  settingsBytes: number;
  /** Requests Hearth has made, per purpose (src/shared/platform/egress-count.ts). */
  requests: EgressCounts;
}

export interface PrivacyLine {
  /** _locales key of the line's label. */
  labelKey: string;
  /** The value shown next to it. */
  value: string;
}

/** The lines of the "stored on this device" list, in the order shown. `t` is the message lookup. */
export function privacyLines(facts: StoredFacts, t: (key: string, subs?: string[]) => string, locale = "en"): PrivacyLine[] {
  const count = (n: number) => new Intl.NumberFormat(locale).format(n);
  return [
    { labelKey: "privacyModels", value: t("privacyModelsValue", [count(facts.modelCount), formatBytes(facts.modelBytes, locale)]) },
    { labelKey: "privacyPartial", value: formatBytes(facts.partialBytes, locale) },
    { labelKey: "privacyChats", value: t("privacyChatsValue", [count(facts.chatConversations), formatBytes(facts.chatBytes, locale)]) },
    { labelKey: "privacySettings", value: formatBytes(facts.settingsBytes, locale) },
    { labelKey: "privacyTranslations", value: t("privacyTranslationsValue") },
    {
      labelKey: "privacyRequests",
      value: t("privacyRequestsValue", [
        count(facts.requests["model-download"] + facts.requests["tab-pdf"]),
        count(facts.requests["model-download"]),
        count(facts.requests["tab-pdf"]),
      ]),
    },
    { labelKey: "privacyLocalServer", value: t("privacyLocalServerValue", [count(facts.requests["local-server"])]) },
  ];
}

/** Bytes a value takes as stored JSON (UTF-8), the way storage.local and IndexedDB hold Hearth's records. */
export function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value) ?? "").length;
}
