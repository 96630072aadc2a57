// Replay: the timeline animated from epoch 0 to now, through the job's snapshots (log-spaced,
// so the early epochs, where most happens, get most of the frames), then live again.

import { api } from "./api.js";
import { lastEpoch } from "./timeline.js";

// Frames a second at each speed the select offers.
export const FRAMES_PER_SECOND = { slow: 2, normal: 5, fast: 12 };

// A long run's replay shows this many snapshots at most (evenly chosen among them).
export const MOST_FRAMES = 60;

/** The epochs a replay shows: the snapshots' up to `end` (at most MOST_FRAMES), then `end` (live). */
export function replayEpochs(snapshots, end, most = MOST_FRAMES) {
  const epochs = [...new Set(snapshots.map((snapshot) => snapshot.epoch))]
    .filter((epoch) => epoch < end).sort((a, b) => a - b);
  const frames = epochs.length <= most ? epochs
    : [...new Set(Array.from({ length: most }, (_, i) => epochs[Math.round((i * (epochs.length - 1)) / (most - 1))]))];
  return [...frames, end];
}

/**
 * `elements` = {button, speed}; `timeline` from createTimeline. The button starts a replay
 * and stops one; `root.dataset.replaying` says which (tests wait on it).
 */
export function createReplay(store, timeline, { button, speed, root }, feedback) {
  let run = 0; // the replay in progress (0: none); a new one or a stop ends the last

  const wait = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

  function showing(on) {
    root.dataset.replaying = on ? "true" : "false";
    button.textContent = on ? "Stop" : "Replay";
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }

  async function replay() {
    const job = store.state.job;
    if (!job) return;
    const mine = ++run;
    showing(true);
    try {
      const snapshots = await api.snapshots(job.id);
      const frames = replayEpochs(snapshots, lastEpoch(store.state));
      for (const epoch of frames) {
        if (run !== mine || store.state.job?.id !== job.id) return;
        const started = performance.now();
        await timeline.show(epoch);
        const frame = 1000 / (FRAMES_PER_SECOND[speed.value] ?? FRAMES_PER_SECOND.normal);
        await wait(Math.max(0, frame - (performance.now() - started)));
      }
      timeline.goLive();
    } catch (error) {
      feedback.showError("output", error);
    } finally {
      if (run === mine) {
        run = 0;
        showing(false);
      }
    }
  }

  function stop() {
    run = 0;
    showing(false);
  }

  button.addEventListener("click", () => (run ? stop() : replay()));
  showing(false);
  return { replay, stop, get running() { return run !== 0; } };
}
