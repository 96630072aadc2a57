// What the loss chart draws of a long history: a bounded number of points whatever its
// length, so that a redraw costs the same after a minute or an hour. Pure.

export const MAX_DRAWN_POINTS = 1500;
export const RECENT_EXACT = 300;

/**
 * The indices of `x` to draw for the series `ys` (arrays as long as `x`): the last
 * `recent` exactly, and before them, per bucket, the first point and the minimum and maximum
 * of every series (so a spike is never lost), at most about `maxPoints` in all. Sorted.
 */
export function keptIndices(length, ys, { maxPoints = MAX_DRAWN_POINTS, recent = RECENT_EXACT } = {}) {
  if (length <= maxPoints) return Array.from({ length }, (_, i) => i);
  const exactFrom = length - recent;
  const perBucket = 1 + 2 * ys.length;
  const buckets = Math.max(1, Math.floor((maxPoints - recent) / perBucket));
  const size = exactFrom / buckets;
  const kept = new Set();
  for (let b = 0; b < buckets; b += 1) {
    const [start, end] = [Math.floor(b * size), Math.floor((b + 1) * size)];
    if (start >= end) continue;
    kept.add(start);
    for (const y of ys) {
      let [low, high] = [-1, -1];
      for (let i = start; i < end; i += 1) {
        const value = y[i];
        if (value === null || !Number.isFinite(value)) continue;
        if (low < 0 || value < y[low]) low = i;
        if (high < 0 || value > y[high]) high = i;
      }
      if (low >= 0) kept.add(low).add(high);
    }
  }
  for (let i = exactFrom; i < length; i += 1) kept.add(i);
  return [...kept].sort((a, b) => a - b);
}

/** The first index of `epochs` within the last `window` epochs (0: every epoch). */
export function windowStart(epochs, window) {
  if (!window || !epochs.length) return 0;
  const from = epochs.at(-1) - window;
  let low = 0;
  let high = epochs.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (epochs[mid] < from) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** `history` (columnar) cut to the last `window` epochs and thinned to `keys`' extremes. */
export function drawnSeries(history, keys, { window = 0, maxPoints = MAX_DRAWN_POINTS } = {}) {
  const start = windowStart(history.epoch, window);
  const cut = (column) => (start ? column.slice(start) : column);
  const x = cut(history.epoch);
  const ys = keys.map((key) => cut(history[key]));
  const kept = keptIndices(x.length, ys, { maxPoints });
  if (kept.length === x.length) return { x, ...Object.fromEntries(keys.map((key, k) => [key, ys[k]])) };
  return { x: kept.map((i) => x[i]), ...Object.fromEntries(keys.map((key, k) => [key, kept.map((i) => ys[k][i])])) };
}
