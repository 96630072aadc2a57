// A job's metric history, columnar as the API sends it. Pure.

export function emptyHistory() {
  return { step: [], epoch: [], train_loss: [], test_loss: [], train_accuracy: [], test_accuracy: [] };
}

/** `history` with the points after its last step appended (a reconnect may repeat some). */
export function appendPoints(history, points) {
  const lastStep = history.step.length ? history.step.at(-1) : -Infinity;
  const fresh = (points.step || []).map((step, i) => (step > lastStep ? i : -1)).filter((i) => i >= 0);
  if (!fresh.length) return history;
  const next = {};
  for (const key of Object.keys(emptyHistory())) {
    next[key] = history[key].concat(fresh.map((i) => (points[key] ? points[key][i] ?? null : null)));
  }
  return next;
}

/** A history from the API, every column present. */
export function fullHistory(history) {
  return { ...emptyHistory(), ...(history || {}) };
}
