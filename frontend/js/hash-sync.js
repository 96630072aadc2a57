// Keeps location.hash and the page's settings the same: every change of the settings goes
// into the hash at once, and a hash changed by hand (or by a link) comes back as settings.

import { parseHash, serializeState } from "./state.js";

export function problemsNotice(problems) {
  return problems.length ? `Some settings in the link were not understood: ${problems.join("; ")}.` : "";
}

/**
 * `read()` parses the hash under the server's rules; `onExternalChange({state, problems})`
 * when the hash changed other than by this page (by hand, or a link followed).
 */
export function syncHash(store, { onExternalChange }) {
  let written = "";

  function write(settings) {
    const hash = `#${serializeState(settings)}`;
    if (hash !== location.hash) window.history.replaceState(null, "", hash);
    written = location.hash;
  }

  store.subscribe((page, previous) => {
    if (page.started && page.settings !== previous.settings) write(page.settings);
  });

  window.addEventListener("hashchange", () => {
    if (location.hash === written || !store.state.started) return;
    onExternalChange(parseHash(location.hash, store.state.rules));
  });

  return { read: () => parseHash(location.hash, store.state.rules) };
}
