// The page's one store of what it knows. Modules read `store.state`, change it with
// `update(patch)` and subscribe to changes; nothing else holds page data.

/**
 * `subscribe(listener)`: `listener(state, previous, meta)` after every update that changed a
 * key; `meta` is what the updater passed along (e.g. which error area a change came from).
 * Updates made by a listener are delivered after the current one, in order, to everyone.
 */
export function createStore(initial) {
  let state = initial;
  const listeners = new Set();
  const queue = [];
  let delivering = false;

  function deliver() {
    delivering = true;
    try {
      while (queue.length) {
        const [next, previous, meta] = queue.shift();
        for (const listener of [...listeners]) listener(next, previous, meta);
      }
    } finally {
      delivering = false;
    }
  }

  return {
    get state() { return state; },

    update(patch, meta = {}) {
      if (!Object.keys(patch).some((key) => patch[key] !== state[key])) return;
      const previous = state;
      state = { ...state, ...patch };
      queue.push([state, previous, meta]);
      if (!delivering) deliver();
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The keys of `state` that differ from `previous`. */
export function changedParts(state, previous) {
  return Object.keys(state).filter((key) => state[key] !== previous[key]);
}
