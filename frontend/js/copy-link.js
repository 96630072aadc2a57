// The "Copy link" button: a link that reproduces the page's setup (its hash, with the job
// when there is one, so that whoever opens it sees that run), copied to the clipboard.

import { serializeState } from "./state.js";

/** The page's address with `settings` as its hash. */
export function linkTo(settings, where = window.location) {
  return `${where.origin}${where.pathname}#${serializeState(settings)}`;
}

/**
 * Copy `text` to the clipboard; where the browser refuses, show it in `fallback` (a text
 * input), selected, for the person to copy. Resolves to true when it reached the clipboard.
 */
export async function copyText(text, fallback) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    fallback.hidden = false;
    fallback.value = text;
    fallback.focus();
    fallback.select();
    return false;
  }
}

const SAID_MS = 2000;

/** `button` copies the link of the store's settings; `fallback` shows it when copying fails. */
export function createCopyLink(store, { button, fallback }) {
  let timer = null;
  button.addEventListener("click", async () => {
    const link = linkTo(store.state.settings);
    button.dataset.link = link;
    const copied = await copyText(link, fallback);
    button.textContent = copied ? "Copied" : "Copy the link below";
    button.title = link;
    clearTimeout(timer);
    timer = setTimeout(() => { button.textContent = "Copy link"; }, SAID_MS);
  });
  fallback.addEventListener("blur", () => { fallback.hidden = true; });
}
