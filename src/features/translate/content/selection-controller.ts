/**
 * Translate selection in the page: reads the selection, decides the source language, opens the panel next to it
 * and streams the translation from the background. One panel at a time; a new request replaces the old one.
 */
import { t, uiLanguage } from "../../../shared/platform/i18n";
import { background } from "../../../shared/platform/runtime";
import { isAbort } from "../../../shared/protocol/errors";
import { chooseSourceLanguage, displayLanguageName } from "../language-choice";
import { copyText } from "./copy-text";
import { describeError } from "./error-text";
import { detectLanguage, readSelection } from "./read-selection";
import { SelectionPanel } from "./selection-panel";

/** The most characters one request may carry (the "translate/text" schema's limit). */
const MAX_SELECTION_CHARS = 400_000;

/** Owns the page's selection panel and its running translation. */
export class SelectionTranslator {
  readonly #lifetime: AbortSignal;
  #panel: SelectionPanel | null = null;
  #run: AbortController | null = null;
  #text = "";
  readonly #onKey = (event: KeyboardEvent) => {
    if (event.key === "Escape" && this.#panel) {
      event.stopPropagation();
      this.close();
    }
  };

  constructor(lifetime: AbortSignal) {
    this.#lifetime = lifetime;
    lifetime.addEventListener("abort", () => this.close(), { once: true });
  }

  /** Open the panel for the current selection, translating into `to`; false when nothing was selected. */
  open(to: string): boolean {
    const selection = readSelection();
    this.close();
    this.#text = selection.text.trim();
    const panel = new SelectionPanel(selection.rect, to, {
      close: () => this.close(),
      stop: () => this.#run?.abort(),
      copy: () => void this.#copy(),
      changeTarget: (code) => this.#changeTarget(code),
    });
    this.#panel = panel;
    window.addEventListener("keydown", this.#onKey, { capture: true, signal: this.#lifetime });
    panel.focus();
    if (this.#text === "") {
      panel.render({ phase: "empty" });
      return false;
    }
    if (this.#text.length > MAX_SELECTION_CHARS) {
      panel.render({ phase: "too-long" });
      return false;
    }
    void this.#translate(to);
    return true;
  }

  /** Close the panel and stop its translation. */
  close(): void {
    this.#run?.abort();
    this.#run = null;
    this.#panel?.remove();
    this.#panel = null;
    window.removeEventListener("keydown", this.#onKey, { capture: true });
  }

  async #translate(to: string): Promise<void> {
    const panel = this.#panel;
    if (!panel) return;
    this.#run?.abort();
    const run = new AbortController();
    this.#run = run;
    panel.setTarget(to);
    panel.clearOutput();
    panel.render({ phase: "preparing" });
    const source = chooseSourceLanguage(await detectLanguage(this.#text));
    if (this.#run !== run) return;
    if (run.signal.aborted) return panel.render({ phase: "stopped" });
    const ui = uiLanguage();
    if (source.kind === "unsupported") return panel.render({ phase: "unsupported", language: displayLanguageName(source.tag, ui) });
    if (source.kind === "known" && source.code === to) {
      return panel.render({ phase: "same-language", language: displayLanguageName(to, ui) });
    }
    const from = source.kind === "known" ? source.code : null;
    try {
      const stream = background().stream("translate/text", { text: this.#text, from, to }, { signal: run.signal });
      for await (const chunk of stream) {
        // A newer run (another target language) owns the panel now.
        if (this.#run !== run) return;
        if (chunk.kind === "queued" && chunk.position > 0) panel.render({ phase: "queued" });
        if (chunk.kind === "part") panel.render({ phase: "translating", part: chunk.index, total: chunk.total });
        if (chunk.kind === "text") panel.appendOutput(chunk.text);
      }
      panel.render({ phase: "done", from: from === null ? null : displayLanguageName(from, ui) });
    } catch (error) {
      if (this.#panel !== panel || this.#run !== run) return;
      panel.render(isAbort(error) || run.signal.aborted ? { phase: "stopped" } : { phase: "error", message: describeError(error) });
    } finally {
      if (this.#run === run) this.#run = null;
    }
  }

  #changeTarget(code: string): void {
    // Remembered for next time; the panel works on even if saving fails.
    background()
      .request("translate/set-target", { language: code })
      .catch((error: unknown) => console.warn("Hearth: could not save the target language", error));
    void this.#translate(code);
  }

  async #copy(): Promise<void> {
    const panel = this.#panel;
    if (!panel || panel.text === "") return;
    const copied = await copyText(panel.text, panel.root);
    panel.note(copied ? t("translateCopied") : t("translateCopyFailed"));
  }
}
