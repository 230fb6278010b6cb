/**
 * The page translation bar: a small strip at the top of the viewport, in a closed shadow root, with progress, Stop,
 * Show original, Translate again and Close. It renders from one state value and reports the user's actions.
 */
import { t } from "../../../shared/platform/i18n";
import { createShadowUi, element, type ShadowUi } from "./shadow-ui";
import { barCss } from "./ui-styles";

interface Counts {
  readonly done: number;
  readonly total: number;
  readonly failed: number;
}

export type BarState =
  | { readonly phase: "preparing" }
  | { readonly phase: "translating"; readonly language: string; readonly counts: Counts }
  | { readonly phase: "paused"; readonly counts: Counts }
  | { readonly phase: "done"; readonly language: string; readonly counts: Counts }
  | { readonly phase: "stopped"; readonly counts: Counts }
  | { readonly phase: "original" }
  | { readonly phase: "same-language"; readonly language: string }
  | { readonly phase: "unsupported"; readonly language: string }
  | { readonly phase: "error"; readonly message: string };

export interface BarActions {
  stop(): void;
  showOriginal(): void;
  translateAgain(): void;
  close(): void;
}

/** The host element's tag; tests look the bar up by it. */
export const BAR_TAG = "hearth-translate-bar";

export class PageBar {
  readonly #ui: ShadowUi;
  readonly #bar: HTMLElement;
  readonly #status: HTMLElement;
  readonly #progress: HTMLProgressElement;
  readonly #stop: HTMLButtonElement;
  readonly #original: HTMLButtonElement;
  readonly #again: HTMLButtonElement;

  constructor(actions: BarActions) {
    const place = "position: fixed !important; top: 8px !important; right: 8px !important; z-index: 2147483647 !important;";
    this.#ui = createShadowUi(BAR_TAG, barCss, place);
    this.#bar = element("div", "hearth bar");
    this.#bar.setAttribute("role", "region");
    this.#bar.setAttribute("aria-label", t("translateBarLabel"));
    this.#status = element("span", "status");
    this.#status.setAttribute("role", "status");
    this.#status.setAttribute("aria-live", "polite");
    this.#progress = element("progress", "");
    this.#stop = button("stop", t("translateStop"), () => actions.stop());
    this.#original = button("original", t("translateShowOriginal"), () => actions.showOriginal());
    this.#again = button("again primary", t("translateAgain"), () => actions.translateAgain());
    const close = button("icon close", "×", () => actions.close());
    close.setAttribute("aria-label", t("translateClose"));
    this.#bar.append(this.#status, this.#progress, this.#stop, this.#original, this.#again, close);
    this.#ui.root.append(this.#bar);
  }

  /** True while the bar is in the page. */
  get shown(): boolean {
    return this.#ui.host.isConnected;
  }

  render(state: BarState): void {
    this.#bar.dataset.phase = state.phase;
    const counts = "counts" in state ? state.counts : null;
    const working = state.phase === "preparing" || state.phase === "translating" || state.phase === "paused";
    this.#progress.hidden = !working;
    if (counts && counts.total > 0) {
      this.#progress.max = counts.total;
      this.#progress.value = counts.done;
    } else {
      this.#progress.removeAttribute("value");
    }
    this.#stop.hidden = !working;
    this.#original.hidden = !(counts && counts.done > 0);
    this.#again.hidden = !(state.phase === "original" || state.phase === "stopped" || state.phase === "error");
    this.#status.dataset.tone = state.phase === "error" || state.phase === "unsupported" ? "error" : "";
    this.#status.textContent = statusText(state);
  }

  /** Put the bar back after Close. */
  show(): void {
    if (!this.shown) document.documentElement.append(this.#ui.host);
  }

  hide(): void {
    this.#ui.host.remove();
  }

  remove(): void {
    this.#ui.remove();
  }
}

function button(className: string, label: string, onClick: () => void): HTMLButtonElement {
  const node = element("button", className, label);
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
}

function statusText(state: BarState): string {
  switch (state.phase) {
    case "preparing":
      return t("translatePagePreparing");
    case "translating":
      return t("translatePageProgress", [state.language, String(state.counts.done), String(state.counts.total)]);
    case "paused":
      return t("translatePagePaused");
    case "done":
      return state.counts.failed > 0
        ? t("translatePageDoneWithFailures", [state.language, String(state.counts.failed)])
        : t("translatePageDone", state.language);
    case "stopped":
      return t("translatePageStopped", [String(state.counts.done), String(state.counts.total)]);
    case "original":
      return t("translatePageOriginal");
    case "same-language":
      return t("translatePageSame", state.language);
    case "unsupported":
      return t("translatePageUnsupported", state.language);
    case "error":
      return state.message;
  }
}
