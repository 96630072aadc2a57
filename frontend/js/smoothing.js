// Smoothing of a loss curve as TensorBoard does it: an exponential moving average with a
// weight from 0 (none) to 0.99, debiased so that the first points are not pulled towards
// zero. Pure.

export const MAX_SMOOTHING = 0.99;

/**
 * The EMA of `values` with `weight` in [0, MAX_SMOOTHING]; a missing or non-finite value
 * stays as it is and does not move the average.
 */
export function smoothed(values, weight) {
  if (!(weight > 0)) return values;
  const w = Math.min(weight, MAX_SMOOTHING);
  const out = new Array(values.length);
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (value === null || !Number.isFinite(value)) {
      out[i] = value;
      continue;
    }
    last = last * w + (1 - w) * value;
    count += 1;
    out[i] = last / (1 - w ** count);
  }
  return out;
}

/** `history` (columnar) with its `keys` columns smoothed by `weight`; the others as they are. */
export function smoothedHistory(history, keys, weight) {
  if (!(weight > 0)) return history;
  const result = { ...history };
  for (const key of keys) if (history[key]) result[key] = smoothed(history[key], weight);
  return result;
}
