// Watch mode (multi-user servers): a run the person may not act on (the server says
// `can_act: false` on the job) is shown live with its controls disabled and a note
// "watching <nickname>'s run". Settings that only change the view stay usable.

// What would change the run or its settings; the jobs panel and the view options stay.
const LOCKED = [".run-controls", ".run-options", ".hyper", ".data-panel", ".network-head",
  ".network", ".advanced"];
const CONTROLS = "button, input, select, textarea";

/** Who the watched run belongs to, or null when the page may act on its job. Pure. */
export function watchedOwner(job) {
  return job && job.can_act === false ? job.owner_nickname || "someone else" : null;
}

export function createWatchMode(document, store) {
  const containers = () => LOCKED.flatMap((selector) => [...document.querySelectorAll(selector)]);
  const note = document.createElement("p");
  note.className = "watch-note";
  note.dataset.testid = "watch-note";
  note.setAttribute("role", "status");
  note.hidden = true;
  document.querySelector(".topbar")?.after(note);
  let owner = null;
  let shownId = null;

  function lock(element) {
    if (!element.disabled) {
      element.disabled = true;
      element.dataset.watchLocked = "1";
    }
  }

  function apply() {
    document.body.toggleAttribute("data-watching", owner !== null);
    for (const container of containers()) {
      container.toggleAttribute("inert", owner !== null);
      for (const element of container.querySelectorAll(CONTROLS)) {
        if (owner !== null) lock(element);
        else if (element.dataset.watchLocked) {
          element.disabled = false;
          delete element.dataset.watchLocked;
        }
      }
    }
    note.hidden = owner === null;
    note.textContent = owner === null ? "" : `watching ${owner}'s run: it is theirs, so its controls are off`;
  }

  store.subscribe((state) => {
    const id = state.job?.id ?? null;
    if (id === shownId) return;
    shownId = id;
    // The REST answers carry can_act; the stream's snapshot does not, so it is read once per job.
    const next = id === null ? null : watchedOwner(state.job);
    if (next !== owner) {
      owner = next;
      apply();
    }
  });
  // A renderer that enables a control again (the step button after a status) is undone.
  new MutationObserver(() => {
    if (owner !== null) for (const c of containers()) c.querySelectorAll(CONTROLS).forEach(lock);
  }).observe(document.body, { subtree: true, attributeFilter: ["disabled"] });
  // The space bar plays: not on someone else's run.
  document.addEventListener("keydown", (event) => {
    if (owner !== null && event.key === " " && event.target === document.body) {
      event.stopImmediatePropagation();
      event.preventDefault();
    }
  }, true);

  return { watching: () => owner };
}
