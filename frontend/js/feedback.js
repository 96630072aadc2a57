// What the page tells a person besides the charts: errors (each shown in its area, a
// `[data-error-for=<area>]` element) and the notice banner.

import { errorText } from "./format.js";

/** `store` learns "unreachable" when an action finds the server gone. */
export function createFeedback(root, store) {
  function showError(area, error) {
    const box = root.querySelector(`[data-error-for="${area}"]`);
    if (!box) return;
    box.textContent = typeof error === "string" ? error : errorText(error);
    box.hidden = false;
  }

  function clearError(area) {
    const box = root.querySelector(`[data-error-for="${area}"]`);
    if (box) box.hidden = true;
  }

  function notice(text) {
    const banner = root.getElementById("notice");
    banner.textContent = text;
    banner.hidden = !text;
  }

  /** Run an async action; an API error lands in `area`, in words, never in the console. */
  function guarded(area, action) {
    return async (...args) => {
      try {
        clearError(area);
        return await action(...args);
      } catch (error) {
        if (error?.unreachable) store.update({ connection: "unreachable" });
        showError(area, error);
        return undefined;
      }
    };
  }

  return { showError, clearError, notice, guarded };
}
