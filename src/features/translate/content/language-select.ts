/** The target-language <select> of the in-page UI, listing languages.ts in each language's own name. */
import { LANGUAGES } from "../languages";

/** A <select> of every listed language, with `selected` chosen. */
export function languageSelect(selected: string, label: string): HTMLSelectElement {
  const select = document.createElement("select");
  select.setAttribute("aria-label", label);
  for (const language of LANGUAGES) {
    const option = document.createElement("option");
    option.value = language.code;
    option.textContent = language.nativeName;
    option.lang = language.code;
    option.selected = language.code === selected;
    select.append(option);
  }
  return select;
}
