/**
 * The cards of the Models section: catalog models (size, memory, context, languages, license, how the download is
 * checked, the recommended badge, and the action that fits their state) and the models on this device. Every action
 * button carries data-action and data-model-id; the section handles the clicks.
 */
import { formatBytes } from "../bytes-text";
import type { CatalogEntryView, InstalledModelView, ModelsOverview, PartialView } from "../protocol";
import { el } from "../../../shared/ui/dom";
import { describeCheck, type Translate } from "./models-text";

export type CardAction = "download" | "resume" | "discard" | "activate" | "delete";

function button(action: CardAction, modelId: string, text: string, options: { primary?: boolean; disabled?: boolean; label?: string } = {}): HTMLButtonElement {
  const attrs: Record<string, string> = { type: "button" };
  if (options.label) attrs["aria-label"] = options.label;
  const element = el("button", { className: options.primary ? "primary" : "", text, attrs, data: { action, modelId } });
  element.disabled = options.disabled === true;
  return element;
}

function languageNames(codes: readonly string[], locale: string): string {
  const names = new Intl.DisplayNames([locale], { type: "language" });
  return codes.map((code) => names.of(code) ?? code).join(", ");
}

/** One catalog model. `busy` disables starting another download. */
export function catalogCard(model: CatalogEntryView, overview: ModelsOverview, t: Translate, locale: string, busy: boolean): HTMLLIElement {
  const size = formatBytes(model.bytes, locale);
  const title = `${model.name} ${model.quantization}`;
  const recommended = overview.recommendation.modelId === model.id;
  const heading = el("div", { className: "model-head" }, [el("strong", { text: title })]);
  if (recommended) heading.append(el("span", { className: "badge recommended", text: t("modelsRecommendedBadge") }));
  if (model.state === "installed") heading.append(el("span", { className: "badge", text: t("modelsOnDevice") }));

  const facts = t("modelsFacts", [size, formatBytes(model.ramBytes, locale), new Intl.NumberFormat(locale).format(model.contextLength)]);
  const license = el("a", { text: model.license.name, attrs: { href: model.license.url, target: "_blank", rel: "noopener noreferrer" } });
  const details = [
    el("p", { className: "muted", text: facts }),
    el("p", { className: "muted", text: t("modelsLanguages", [languageNames(model.languages, locale)]) }),
    el("p", { className: "muted" }, [`${t("modelsLicense")} `, license]),
    el("p", { className: "muted model-checksum", text: t(model.checksum === "catalog" ? "modelsChecksumCatalog" : "modelsChecksumHost") }),
  ];
  if (recommended) details.unshift(el("p", { className: "model-reason", text: t(`modelsReason_${overview.recommendation.reason.replace("-", "_")}`) }));

  const actions = el("div", { className: "model-actions" });
  if (model.state === "available") {
    actions.append(button("download", model.id, t("modelsDownloadButton", [size]), { primary: recommended, disabled: busy, label: t("modelsDownloadLabel", [title, size]) }));
  } else if (model.state === "partial") {
    actions.append(
      button("resume", model.id, t("modelsResumeButton", [formatBytes(model.storedBytes, locale), size]), { primary: true, disabled: busy, label: t("modelsResumeLabel", [title]) }),
      button("discard", model.id, t("modelsDiscardButton"), { disabled: busy, label: t("modelsDiscardLabel", [title]) }),
    );
  } else if (model.state === "downloading") {
    actions.append(el("span", { className: "muted", text: t("modelsDownloadingNow") }));
  }
  return el("li", { className: "model-card", data: { modelId: model.id, state: model.state } }, [heading, ...details, actions]);
}

/** One model on this device. */
export function installedCard(model: InstalledModelView, t: Translate, locale: string, busy: boolean): HTMLLIElement {
  const heading = el("div", { className: "model-head" }, [el("strong", { text: model.name })]);
  if (model.active) heading.append(el("span", { className: "badge active", text: t("modelsActiveBadge") }));
  const origin = t(`modelsOrigin_${model.origin}`);
  const facts = el("p", { className: "muted", text: `${formatBytes(model.bytes, locale)} · ${origin} · ${describeCheck(model, t)}` });
  const actions = el("div", { className: "model-actions" });
  if (!model.active) actions.append(button("activate", model.id, t("modelsUseButton"), { disabled: busy, label: t("modelsUseLabel", [model.name]) }));
  if (model.removable) actions.append(button("delete", model.id, t("modelsDeleteButton"), { disabled: busy, label: t("modelsDeleteLabel", [model.name]) }));
  return el("li", { className: "model-card", data: { modelId: model.id, active: String(model.active) } }, [heading, facts, actions]);
}

/** A stopped download of a model that is not in the catalog (e.g. from a local mirror). */
export function partialCard(partial: PartialView, t: Translate, locale: string, busy: boolean): HTMLLIElement {
  const stored = formatBytes(partial.storedBytes, locale);
  const text = partial.totalBytes === null ? t("modelsPausedUnknown", [stored]) : t("modelsPaused", [stored, formatBytes(partial.totalBytes, locale)]);
  return el("li", { className: "model-card", data: { modelId: partial.id, state: "partial" } }, [
    el("div", { className: "model-head" }, [el("strong", { text: partial.name })]),
    el("p", { className: "muted", text }),
    el("div", { className: "model-actions" }, [button("discard", partial.id, t("modelsDiscardButton"), { disabled: busy, label: t("modelsDiscardLabel", [partial.name]) })]),
  ]);
}
