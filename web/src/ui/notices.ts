// Messages to the user in a stack that stays in view wherever the page is scrolled: errors stay until
// dismissed, information fades, and a message that comes again is counted on its notice, not repeated.
import { EngineError, EngineRestartedError, isGpuLoss } from "../engine/client";
import { formatted, text } from "../i18n";
import { h } from "./dom";

const INFO_MS = 8000;

export function notify(message: string, kind: "error" | "info" = "error"): void {
  const container = document.getElementById("notices");
  if (!container) return;
  const same = [...container.querySelectorAll<HTMLElement>(".notice")].find(
    (notice) => notice.dataset.message === message,
  );
  if (same) {
    const count = Number(same.dataset.count) + 1;
    same.dataset.count = String(count);
    const badge = same.querySelector(".count");
    if (badge) badge.textContent = `×${formatted(count)}`;
    return;
  }
  const close = h("button", { type: "button", "aria-label": text.app.dismiss }, "×");
  const notice = h(
    "div",
    {
      class: `notice ${kind}`,
      "data-testid": `notice-${kind}`,
      "data-message": message,
      "data-count": 1,
      role: kind === "error" ? "alert" : undefined,
    },
    h("span", {}, message),
    h("span", { class: "count", "data-testid": "notice-count" }),
    close,
  );
  close.addEventListener("click", () => notice.remove());
  container.append(notice);
  if (kind === "info") setTimeout(() => notice.remove(), INFO_MS);
}

/**
 * Reports a failed engine call with what was being done. A call cut short by an engine restart is not
 * reported again: the restart has its own notice.
 */
export function reportFailure(what: string): (error: unknown) => void {
  return (error) => {
    if (error instanceof EngineRestartedError) return;
    notify(text.app.failed(what, reason(error)));
  };
}

/**
 * The GPU went away under a lab and the engine moved the lab to SIMD: the page follows — its backend choice
 * (`moved` keeps it in the settings), WebGPU no longer offered — and says so. Whether `error` was that.
 */
function followGpuLoss(error: unknown, backendSelect: HTMLSelectElement, moved: () => void): boolean {
  if (!isGpuLoss(error)) return false;
  backendSelect.querySelector('option[value="webgpu"]')?.setAttribute("disabled", "");
  backendSelect.value = "simd";
  moved();
  notify(reason(error));
  return true;
}

/**
 * A lab's failure reports: `failed(what)(error)` reports a failed engine call with what was being done,
 * unless the GPU went away under the lab — then the page follows the lab to SIMD (`followGpuLoss`, with
 * `moved`). Returns whether the lab survived a GPU loss.
 */
export function failureReporter(
  backendSelect: HTMLSelectElement,
  moved: () => void,
): (what: string) => (error: unknown) => boolean {
  return (what) => (error) => {
    const survived = followGpuLoss(error, backendSelect, moved);
    if (!survived) reportFailure(what)(error);
    return survived;
  };
}

/** Why `error` happened, in the page's language where the engine named a problem this page words. */
export function reason(error: unknown): string {
  if (error instanceof EngineError && error.problem) {
    const words = text.problems as Record<string, ((problem: never) => string) | undefined>;
    const word = words[error.problem.code];
    if (word) return word(error.problem as never);
  }
  return error instanceof Error ? error.message : String(error);
}
