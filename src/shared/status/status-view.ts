/** Shows the background's live status in a page: the status line and the version line. */
import { t } from "../platform/i18n";
import { describeEngine } from "./describe-status";
import { watchStatus } from "./watch-status";

/** Keep `statusElement` (and `versionElement`, if given) current until `signal` aborts. */
export function showLiveStatus(statusElement: HTMLElement, versionElement: HTMLElement | null, signal: AbortSignal): void {
  void watchStatus((status) => {
    statusElement.textContent = describeEngine(status.engine, t);
    statusElement.dataset.phase = status.engine.phase;
    if (versionElement) versionElement.textContent = t("versionLabel", [status.version]);
  }, signal);
}
