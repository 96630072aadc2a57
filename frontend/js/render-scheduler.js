// Coalesces redraws: however fast updates arrive, each named render runs at most once per
// frame slot and the page draws at most ~30 times a second; a costly render may ask for
// more room between its runs (the loss chart: a full Plotly redraw).

export const MAX_RENDERS_PER_SECOND = 30;

/**
 * A scheduler whose `schedule(name, render)` keeps only the latest render per name and runs
 * the pending ones together, no sooner than `interval` ms after the previous batch, and a
 * render named in `spacing` ({name: ms}) no sooner than that after its own previous run.
 * `now` and `setTimer` are injectable for tests.
 */
export function createScheduler({
  interval = 1000 / MAX_RENDERS_PER_SECOND,
  spacing = {},
  now = () => performance.now(),
  setTimer = (callback, ms) => setTimeout(callback, ms),
  onError = () => {},
} = {}) {
  const pending = new Map();
  const lastRun = new Map();
  let timerAt = Infinity; // when the armed timer fires (Infinity: none armed)
  let armed = 0; // the armed timer's number: an earlier timer that fires later does nothing
  let lastBatch = -Infinity;

  const dueAt = (name) => (lastRun.get(name) ?? -Infinity) + (spacing[name] ?? 0);

  function arm() {
    if (!pending.size) return;
    const soonest = Math.min(...[...pending.keys()].map(dueAt));
    const at = Math.max(now(), lastBatch + interval, soonest);
    if (at >= timerAt) return;
    timerAt = at;
    const number = ++armed;
    setTimer(() => {
      if (number === armed) flush();
    }, at - now());
  }

  function flush() {
    timerAt = Infinity;
    lastBatch = now();
    const due = [...pending].filter(([name]) => dueAt(name) <= lastBatch);
    for (const [name, render] of due) {
      pending.delete(name);
      lastRun.set(name, lastBatch);
      try {
        render();
      } catch (error) {
        onError(error);
      }
    }
    arm();
  }

  function schedule(name, render) {
    pending.set(name, render);
    arm();
  }

  return { schedule };
}
