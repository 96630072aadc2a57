// A job's metric history, columnar as the API sends it. Pure. The page keeps a bounded
// copy (the API and its CSV keep the whole history): past MAX_KEPT points, the older ones
// are thinned to their extremes, the recent ones stay exact.

import { keptIndices } from "./downsample.js";

export const MAX_KEPT = 20_000;
const THINNED_TO = 10_000;
const RECENT_KEPT = 2_000;

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
  return next.step.length > MAX_KEPT ? thinned(next) : next;
}

function thinned(history) {
  const kept = keptIndices(history.step.length, [history.train_loss, history.test_loss],
    { maxPoints: THINNED_TO, recent: RECENT_KEPT });
  return Object.fromEntries(Object.entries(history).map(([key, column]) => [key, kept.map((i) => column[i])]));
}

/** A history from the API, every column present. */
export function fullHistory(history) {
  return { ...emptyHistory(), ...(history || {}) };
}
