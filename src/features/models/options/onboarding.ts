/**
 * The first-run flow, shown at options/index.html#onboarding when a feature found no model: what runs where, the
 * model recommended for this device and its size, consent, progress, and a way back to the feature.
 */
import type { ProtocolClient } from "../../../shared/protocol/client";
import { formatBytes } from "../bytes-text";
import { part } from "./dom";
import type { ModelsSection } from "./models-section";
import type { Translate } from "./models-text";

export interface OnboardingOptions {
  client: ProtocolClient;
  t: Translate;
  locale: string;
  models: ModelsSection;
}

/** Wire the onboarding panel whose markup is `root` (#onboarding); it shows itself when the URL says so. */
export function mountOnboarding(root: HTMLElement, { client, t, locale, models }: OnboardingOptions): void {
  const heading = part(root, "#onboarding-heading");
  const recommended = part(root, "#onboarding-recommended");
  const reason = part(root, "#onboarding-reason");
  const download = part<HTMLButtonElement>(root, "#onboarding-download");
  const status = part(root, "#onboarding-status");
  const back = part<HTMLButtonElement>(root, "#onboarding-return");
  const progressRoot = part(root, "#onboarding-progress");

  const ready = (name: string) => {
    status.className = "ok";
    status.textContent = t("onboardingReady", [name]);
    download.hidden = true;
    back.hidden = false;
    back.focus();
  };

  async function show(): Promise<void> {
    root.hidden = location.hash !== "#onboarding";
    if (root.hidden) return;
    heading.focus();
    const overview = await models.refresh();
    const active = overview.installed.find((model) => model.active);
    if (active) return ready(active.name);
    const pick = overview.catalog.find((model) => model.id === overview.recommendation.modelId);
    if (!pick) return;
    const size = formatBytes(pick.bytes, locale);
    recommended.textContent = t("onboardingRecommended", [`${pick.name} ${pick.quantization}`, size, formatBytes(pick.ramBytes, locale)]);
    reason.textContent = t(`modelsReason_${overview.recommendation.reason.replace("-", "_")}`);
    download.textContent = t(pick.state === "partial" ? "onboardingResume" : "onboardingDownload", [size]);
    download.hidden = false;
    download.onclick = async () => {
      status.className = "";
      status.textContent = "";
      const done = await models.downloadFromCatalog(pick.id, progressRoot);
      if (done?.engine) ready(done.model.name);
      else if (done) status.textContent = t("modelsStoredNotLoaded", [done.model.name, done.activationError?.message ?? ""]);
    };
  }

  back.addEventListener("click", async () => {
    const { returnedToTab } = await client.request("models/onboarding-done", {});
    if (!returnedToTab) status.textContent = t("onboardingReturnManual");
  });
  addEventListener("hashchange", () => void show());
  void show();
}
