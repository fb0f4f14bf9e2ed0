// Messages to the user in the bar under the header: errors stay until dismissed, information fades.
import { EngineRestartedError } from "../engine/client";
import { text } from "../i18n";
import { h } from "./dom";

export function notify(message: string, kind: "error" | "info" = "error"): void {
  const container = document.getElementById("notices");
  if (!container) return;
  const close = h("button", { type: "button" }, text.app.close);
  const notice = h(
    "div",
    { class: `notice ${kind}`, "data-testid": `notice-${kind}` },
    h("span", {}, message),
    close,
  );
  close.addEventListener("click", () => notice.remove());
  container.append(notice);
  if (kind === "info") setTimeout(() => notice.remove(), 8000);
}

/**
 * Reports a failed engine call with what was being done. A call cut short by an engine restart is not
 * reported again: the restart has its own notice.
 */
export function reportFailure(what: string): (error: unknown) => void {
  return (error) => {
    if (error instanceof EngineRestartedError) return;
    notify(text.app.failed(what, error instanceof Error ? error.message : String(error)));
  };
}
