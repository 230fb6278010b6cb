/**
 * Reading comfort: text size, line width, line spacing and colours, applied as CSS variables and remembered (with
 * the level) in storage.local under the reader's own key. The controls are native buttons and radio groups, so they
 * work from the keyboard as they are.
 */
import {
  DEFAULT_READER_PREFS,
  normalizeReaderPrefs,
  READER_PREFS_KEY,
  stepFontSize,
  type ReaderPrefs,
} from "../features/reader/reader-prefs";
import { localArea } from "../shared/platform/storage";
import { byId } from "../shared/platform/page-setup";

// Line widths in characters' worth of the text size (em), so a wider size keeps the same words per line.
const WIDTHS: Record<ReaderPrefs["lineWidth"], string> = { narrow: "32", medium: "40", wide: "52" };
const SPACINGS: Record<ReaderPrefs["lineSpacing"], string> = { compact: "1.4", normal: "1.65", loose: "1.95" };

/** The reader's remembered choices (defaults for anything missing or invalid). */
export async function loadReaderPrefs(): Promise<ReaderPrefs> {
  try {
    return normalizeReaderPrefs(await localArea.get(READER_PREFS_KEY));
  } catch {
    return { ...DEFAULT_READER_PREFS };
  }
}

/** Remember the reader's choices. */
export async function saveReaderPrefs(prefs: ReaderPrefs): Promise<void> {
  await localArea.set(READER_PREFS_KEY, prefs);
}

/** Apply `prefs` to the page's look. */
export function applyComfort(prefs: ReaderPrefs, root: HTMLElement = document.documentElement): void {
  root.style.setProperty("--reader-font-size", `${prefs.fontSize}px`);
  root.style.setProperty("--reader-line-width", WIDTHS[prefs.lineWidth]);
  root.style.setProperty("--reader-line-height", SPACINGS[prefs.lineSpacing]);
  // "system" leaves Hearth's own theme (data-theme, set by setupExtensionPage) in charge.
  if (prefs.theme === "system") delete root.dataset.readerTheme;
  else root.dataset.readerTheme = prefs.theme;
}

/** The fields the comfort panel owns; the level belongs to the toolbar. */
export type ComfortPrefs = Pick<ReaderPrefs, "fontSize" | "lineWidth" | "lineSpacing" | "theme">;

/** Wire the comfort panel's controls to `prefs`: each change is applied at once and handed to `onChange` (which saves). */
export function setupComfortPanel(prefs: ReaderPrefs, onChange: (comfort: ComfortPrefs) => void): void {
  let current = prefs;
  const panel = byId("comfort");
  const toggle = byId<HTMLButtonElement>("comfort-toggle");
  const sizeValue = byId<HTMLOutputElement>("font-size-value");
  const smaller = byId<HTMLButtonElement>("font-smaller");
  const larger = byId<HTMLButtonElement>("font-larger");

  const show = () => {
    sizeValue.textContent = `${current.fontSize} px`;
    smaller.disabled = stepFontSize(current.fontSize, -1) === current.fontSize;
    larger.disabled = stepFontSize(current.fontSize, 1) === current.fontSize;
    for (const name of ["lineWidth", "lineSpacing", "theme"] as const) {
      for (const input of panel.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)) input.checked = input.value === current[name];
    }
  };
  const change = (next: ReaderPrefs) => {
    current = normalizeReaderPrefs(next);
    applyComfort(current);
    show();
    const { fontSize, lineWidth, lineSpacing, theme } = current;
    onChange({ fontSize, lineWidth, lineSpacing, theme });
  };

  toggle.addEventListener("click", () => {
    panel.hidden = !panel.hidden;
    toggle.setAttribute("aria-expanded", String(!panel.hidden));
  });
  smaller.addEventListener("click", () => change({ ...current, fontSize: stepFontSize(current.fontSize, -1) }));
  larger.addEventListener("click", () => change({ ...current, fontSize: stepFontSize(current.fontSize, 1) }));
  panel.addEventListener("change", (event) => {
    const input = event.target as HTMLInputElement;
    if (input.name === "lineWidth" || input.name === "lineSpacing" || input.name === "theme") change({ ...current, [input.name]: input.value });
  });
  applyComfort(current);
  show();
}
