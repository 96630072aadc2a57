// Coalesces redraws: however fast updates arrive, each named render runs at most once per
// frame slot and the page draws at most ~30 times a second.

export const MAX_RENDERS_PER_SECOND = 30;

/**
 * A scheduler whose `schedule(name, render)` keeps only the latest render per name and runs
 * the pending ones together, no sooner than `interval` ms after the previous batch.
 * `now` and `setTimer` are injectable for tests.
 */
export function createScheduler({
  interval = 1000 / MAX_RENDERS_PER_SECOND,
  now = () => performance.now(),
  setTimer = (callback, ms) => setTimeout(callback, ms),
  onError = () => {},
} = {}) {
  const pending = new Map();
  let timer = null;
  let lastBatch = -Infinity;

  function flush() {
    timer = null;
    lastBatch = now();
    const renders = [...pending.values()];
    pending.clear();
    for (const render of renders) {
      try {
        render();
      } catch (error) {
        onError(error);
      }
    }
  }

  function schedule(name, render) {
    pending.set(name, render);
    if (timer === null) timer = setTimer(flush, Math.max(0, lastBatch + interval - now()));
  }

  return { schedule };
}
