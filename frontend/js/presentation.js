// present=1: the layout for a projector (large boundary and loss charts, large type, the
// controls out of the way). A button switches it on and off; the hash keeps it.

/** Follows settings.present; `toggle` (a button) switches it through `apply(settings)`. */
export function followPresentation(store, { toggle, apply }) {
  let shown = null;
  toggle.addEventListener("click", () => apply({ ...store.state.settings, present: !store.state.settings.present }));

  function show(on) {
    document.body.classList.toggle("present", on);
    toggle.textContent = on ? "Leave presentation" : "Present";
    toggle.setAttribute("aria-pressed", String(on));
    // The charts and the diagram measure their boxes on a resize.
    window.dispatchEvent(new Event("resize"));
  }

  store.subscribe((page) => {
    if (page.settings.present === shown) return;
    shown = page.settings.present;
    show(shown);
  });
}
