/**
 * The selection panel's view: a small dialog next to the selected text, in a closed shadow root, that shows the
 * translation as it streams, a target-language menu, Stop, Copy and Close. It renders from one state value and
 * reports the user's actions; the controller decides what they do.
 */
import { t } from "../../../shared/platform/i18n";
import { textDirection } from "../languages";
import { languageSelect } from "./language-select";
import { createShadowUi, element, type ShadowUi } from "./shadow-ui";
import { panelCss } from "./ui-styles";

export type PanelState =
  | { readonly phase: "preparing" }
  | { readonly phase: "queued" }
  | { readonly phase: "translating"; readonly part: number; readonly total: number }
  | { readonly phase: "done"; readonly from: string | null }
  | { readonly phase: "stopped" }
  | { readonly phase: "empty" }
  | { readonly phase: "too-long" }
  | { readonly phase: "same-language"; readonly language: string }
  | { readonly phase: "unsupported"; readonly language: string }
  | { readonly phase: "error"; readonly message: string };

export interface PanelActions {
  close(): void;
  stop(): void;
  copy(): void;
  changeTarget(code: string): void;
}

/** The host element's tag; tests look the panel up by it. */
export const PANEL_TAG = "hearth-translate-panel";
const PANEL_WIDTH = 380;

// Just below the selection, kept inside the viewport's width; top right of the viewport when there is no selection.
function placement(rect: DOMRect | null): string {
  const layer = "z-index: 2147483647 !important;";
  if (!rect || (rect.width === 0 && rect.height === 0)) {
    return `position: fixed !important; top: 16px !important; right: 16px !important; ${layer}`;
  }
  const viewportWidth = document.documentElement.clientWidth || window.innerWidth;
  const maxLeft = window.scrollX + viewportWidth - PANEL_WIDTH - 8;
  const left = Math.max(window.scrollX + 8, Math.min(rect.left + window.scrollX, maxLeft));
  const top = rect.bottom + window.scrollY + 8;
  return `position: absolute !important; top: ${Math.round(top)}px !important; left: ${Math.round(left)}px !important; ${layer}`;
}

export class SelectionPanel {
  readonly #ui: ShadowUi;
  readonly #panel: HTMLElement;
  readonly #status: HTMLElement;
  readonly #output: HTMLElement;
  readonly #stop: HTMLButtonElement;
  readonly #copy: HTMLButtonElement;
  readonly #select: HTMLSelectElement;

  constructor(anchor: DOMRect | null, target: string, actions: PanelActions) {
    this.#ui = createShadowUi(PANEL_TAG, panelCss, placement(anchor));
    this.#panel = element("div", "hearth panel");
    this.#panel.setAttribute("role", "dialog");
    this.#panel.setAttribute("aria-label", t("translatePanelLabel"));
    this.#panel.tabIndex = -1;

    const header = element("header", "");
    const title = element("span", "title", t("translatePanelTitle"));
    this.#select = languageSelect(target, t("translateTargetLabel"));
    this.#select.className = "target";
    this.#select.addEventListener("change", () => actions.changeTarget(this.#select.value));
    const close = element("button", "icon close", "×");
    close.type = "button";
    close.setAttribute("aria-label", t("translateClose"));
    close.addEventListener("click", () => actions.close());
    header.append(title, this.#select, close);

    this.#status = element("div", "status");
    this.#status.setAttribute("role", "status");
    this.#status.setAttribute("aria-live", "polite");
    this.#output = element("div", "output");
    this.#output.tabIndex = 0;

    const footer = element("footer", "");
    this.#stop = element("button", "stop", t("translateStop"));
    this.#stop.type = "button";
    this.#stop.addEventListener("click", () => actions.stop());
    this.#copy = element("button", "copy primary", t("translateCopy"));
    this.#copy.type = "button";
    this.#copy.addEventListener("click", () => actions.copy());
    footer.append(this.#stop, this.#copy);

    this.#panel.append(header, this.#status, this.#output, footer);
    this.#ui.root.append(this.#panel);
    this.setTarget(target);
  }

  /** The translation shown so far. */
  get text(): string {
    return this.#output.textContent ?? "";
  }

  /** The shadow root, for the copy fallback's temporary text area. */
  get root(): ShadowRoot {
    return this.#ui.root;
  }

  /** Show `state`: the status line, and which buttons make sense now. */
  render(state: PanelState): void {
    this.#panel.dataset.phase = state.phase;
    const working = state.phase === "preparing" || state.phase === "queued" || state.phase === "translating";
    this.#stop.hidden = !working;
    this.#copy.disabled = this.text === "";
    this.#status.dataset.tone = state.phase === "error" || state.phase === "unsupported" || state.phase === "too-long" ? "error" : "";
    this.#status.textContent = statusText(state);
  }

  /** Say something in the status line without changing the phase (e.g. "Copied"). */
  note(message: string): void {
    this.#status.textContent = message;
  }

  /** Label the output with the target language, right to left where it is written so. */
  setTarget(code: string): void {
    this.#select.value = code;
    this.#output.lang = code;
    this.#output.dir = textDirection(code);
  }

  clearOutput(): void {
    this.#output.replaceChildren();
    this.#copy.disabled = true;
  }

  /** Add streamed text; a text node, so nothing in it is ever parsed as markup. */
  appendOutput(text: string): void {
    this.#output.append(text);
    this.#copy.disabled = false;
  }

  /** Move keyboard focus into the panel without scrolling the page. */
  focus(): void {
    this.#panel.focus({ preventScroll: true });
  }

  remove(): void {
    this.#ui.remove();
  }
}

function statusText(state: PanelState): string {
  switch (state.phase) {
    case "preparing":
      return t("translatePreparing");
    case "queued":
      return t("translateQueued");
    case "translating":
      return state.total > 1 ? t("translateWorkingPart", [String(state.part + 1), String(state.total)]) : t("translateWorking");
    case "done":
      return state.from === null ? t("translateDone") : t("translateDoneFrom", state.from);
    case "stopped":
      return t("translateStopped");
    case "empty":
      return t("translateEmptySelection");
    case "too-long":
      return t("translateTooLong");
    case "same-language":
      return t("translateSameLanguage", state.language);
    case "unsupported":
      return t("translateUnsupported", state.language);
    case "error":
      return state.message;
  }
}
