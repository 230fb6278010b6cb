/** Builds the Summary panel's elements: actions, options, status with Stop, error with its remedy, and the result. */
import { t, uiLanguage } from "../../../shared/platform/i18n";
import { el, select } from "./dom";
import type { SummaryPreferences } from "./summary-preferences";

export interface PanelElements {
  pageButton: HTMLButtonElement;
  fileButton: HTMLButtonElement;
  fileInput: HTMLInputElement;
  style: HTMLSelectElement;
  length: HTMLSelectElement;
  language: HTMLSelectElement;
  mode: HTMLSelectElement;
  firstPage: HTMLInputElement;
  lastPage: HTMLInputElement;
  status: HTMLElement;
  progress: HTMLProgressElement;
  stop: HTMLButtonElement;
  error: HTMLElement;
  errorText: HTMLElement;
  errorAction: HTMLButtonElement;
  passwordForm: HTMLFormElement;
  passwordInput: HTMLInputElement;
  result: HTMLElement;
  title: HTMLElement;
  meta: HTMLElement;
  points: HTMLElement;
  notes: HTMLElement;
}

/** Create the panel's DOM inside `root`, with the options set from `preferences`. */
export function buildPanel(root: HTMLElement, preferences: SummaryPreferences): PanelElements {
  // Reached through the "Open a PDF" button; the label is for assistive technology that finds the input anyway.
  const fileInput = el("input", {
    type: "file",
    id: "summary-file",
    accept: "application/pdf,.pdf",
    class: "visually-hidden",
    tabindex: "-1",
    "aria-label": t("summaryOpenPdf"),
  });
  const pageButton = el("button", { type: "button", id: "summary-page", class: "primary" }, t("summaryThisPage"));
  const fileButton = el("button", { type: "button", id: "summary-open-file" }, t("summaryOpenPdf"));

  const styleField = select("summary-style", t("summaryStyleLabel"), [
    ["key-points", t("summaryStyleKeyPoints")],
    ["tldr", t("summaryStyleTldr")],
    ["headline", t("summaryStyleHeadline")],
  ], preferences.style);
  const lengthField = select("summary-length", t("summaryLengthLabel"), [
    ["short", t("summaryLengthShort")],
    ["medium", t("summaryLengthMedium")],
    ["long", t("summaryLengthLong")],
  ], preferences.length);
  const languageField = select("summary-language", t("summaryLanguageLabel"), [
    ["source", t("summaryLanguageSource")],
    ["ui", t("summaryLanguageUi", [displayName(uiLanguage())])],
  ], preferences.language);
  const modeField = select("summary-mode", t("summaryModeLabel"), [
    ["auto", t("summaryModeAuto")],
    ["extractive", t("summaryModeExtractive")],
    ["full", t("summaryModeFull")],
  ], preferences.mode);
  const firstPage = el("input", { type: "number", id: "summary-first-page", min: "1", step: "1", inputmode: "numeric", "aria-label": t("summaryPagesFrom") });
  const lastPage = el("input", { type: "number", id: "summary-last-page", min: "1", step: "1", inputmode: "numeric", "aria-label": t("summaryPagesTo") });
  const range = el(
    "fieldset",
    { class: "summary-range" },
    el("legend", {}, t("summaryPagesLabel")),
    el("span", { "aria-hidden": "true" }, t("summaryPagesFrom")),
    firstPage,
    el("span", { "aria-hidden": "true" }, t("summaryPagesTo")),
    lastPage,
  );

  const status = el("p", { id: "summary-status", class: "summary-status-text", role: "status", "aria-live": "polite" });
  const progress = el("progress", { id: "summary-progress", hidden: true });
  const stop = el("button", { type: "button", id: "summary-stop", hidden: true }, t("summaryStop"));
  const errorText = el("p", { id: "summary-error-text" });
  const errorAction = el("button", { type: "button", id: "summary-error-action", hidden: true });
  const error = el("div", { id: "summary-error", class: "summary-error error", role: "alert", hidden: true }, errorText, errorAction);
  const passwordInput = el("input", { type: "password", id: "summary-password-input", autocomplete: "off", required: true });
  const passwordForm = el(
    "form",
    { id: "summary-password", class: "summary-password", hidden: true },
    el("label", { for: "summary-password-input" }, t("summaryPasswordLabel")),
    passwordInput,
    el("button", { type: "submit", class: "primary" }, t("summaryPasswordOpen")),
  );

  const title = el("h2", { id: "summary-title" });
  const meta = el("p", { id: "summary-meta", class: "muted" });
  const points = el("div", { id: "summary-points" });
  const notes = el("p", { id: "summary-notes", class: "muted", hidden: true });
  const result = el("article", { id: "summary-result", class: "summary-result", hidden: true, "aria-labelledby": "summary-title" }, title, meta, points, notes);

  root.classList.add("summary-panel");
  root.replaceChildren(
    el("div", { class: "summary-actions" }, pageButton, fileButton, fileInput),
    el("p", { class: "summary-drop muted" }, t("summaryDropHint")),
    el("div", { class: "summary-options" }, styleField, lengthField, languageField, modeField, range),
    el("div", { class: "summary-progress-row" }, status, progress, stop),
    error,
    passwordForm,
    result,
  );
  const control = <T extends HTMLElement>(field: HTMLElement) => field.querySelector("select") as unknown as T;
  return {
    pageButton,
    fileButton,
    fileInput,
    style: control(styleField),
    length: control(lengthField),
    language: control(languageField),
    mode: control(modeField),
    firstPage,
    lastPage,
    status,
    progress,
    stop,
    error,
    errorText,
    errorAction,
    passwordForm,
    passwordInput,
    result,
    title,
    meta,
    points,
    notes,
  };
}

function displayName(language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: "language" }).of(language) ?? language;
  } catch {
    return language;
  }
}
