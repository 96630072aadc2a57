// The timeline under the loss chart: drag it to see the boundary, the neuron pictures and
// the link weights as they were at an epoch (the job's snapshot at or before it), with a
// marker on the loss curve there. The end of the slider, or the "live" button, is live.
//
// The store's `timeline` is null while live, else {jobId, epoch, shown, boundary, model,
// pictures}: `epoch` the one asked for, `shown` the snapshot's. Selectors prefer it to the
// live pictures; the WebSocket keeps the live ones coming meanwhile.

import { api } from "./api.js";
import { BOUNDARY_RESOLUTION, NEURONS_RESOLUTION } from "./preview.js";
import { drawable, unitsPerLayer } from "./selectors.js";

/** The epoch the slider may reach: the job's completed epochs. */
export const lastEpoch = (page) => page.job?.epoch ?? 0;

/**
 * `elements` = {root, slider, label, live}; `feedback` shows failures. Returns
 * {show(epoch) -> Promise, goLive(), render(page)}.
 */
export function createTimeline(store, { root, slider, label, live }, feedback) {
  let wanted = null; // the epoch asked for last
  let loading = null; // the fetch in flight (one at a time: drags come faster than answers)

  async function fetchEpoch(jobId, epoch) {
    const plane = drawable(store.state); // wide data has no pictures to ask for
    const units = unitsPerLayer(store.state);
    const [boundary, pictures, model] = await Promise.all([
      plane ? api.atEpoch(jobId, "boundary", epoch, { resolution: BOUNDARY_RESOLUTION }) : null,
      plane ? api.atEpoch(jobId, "neurons", epoch, { resolution: NEURONS_RESOLUTION, unitsPerLayer: units }) : null,
      api.atEpoch(jobId, "model", epoch, { unitsPerLayer: units }),
    ]);
    return { jobId, epoch, shown: model.epoch, boundary, pictures, model };
  }

  /** Show the job as at `epoch` (the last one asked wins); resolves once it is shown. */
  async function show(epoch) {
    const job = store.state.job;
    if (!job) return;
    if (epoch >= lastEpoch(store.state)) {
      goLive();
      return;
    }
    wanted = epoch;
    store.update({ timeline: { ...(store.state.timeline ?? {}), jobId: job.id, epoch, pending: true } });
    while (loading) await loading.catch(() => {});
    if (wanted !== epoch) return; // a later drag took over
    loading = fetchEpoch(job.id, epoch);
    try {
      const view = await loading;
      if (wanted === epoch && store.state.job?.id === job.id) store.update({ timeline: view });
    } catch (error) {
      if (wanted === epoch) {
        feedback.showError("output", error);
        goLive();
      }
    } finally {
      loading = null;
    }
  }

  function goLive() {
    wanted = null;
    store.update({ timeline: null });
  }

  slider.addEventListener("input", () => show(Number(slider.value)));
  live.addEventListener("click", goLive);

  return {
    show,
    goLive,
    render(page) {
      const job = page.job;
      root.hidden = !job;
      if (!job) return;
      const timeline = page.timeline;
      const end = lastEpoch(page);
      if (timeline && (timeline.jobId !== job.id || timeline.epoch > end)) {
        goLive(); // another job, or a reset
        return;
      }
      slider.max = String(end);
      slider.disabled = end === 0;
      if (!timeline) slider.value = String(end);
      else if (Number(slider.value) !== timeline.epoch) slider.value = String(timeline.epoch);
      root.dataset.state = timeline ? "past" : "live";
      root.dataset.epoch = String(timeline ? (timeline.shown ?? timeline.epoch) : end);
      live.disabled = !timeline;
      label.textContent = timeline
        ? `epoch ${timeline.shown ?? timeline.epoch}${timeline.pending ? "…" : ""} of ${end}`
        : `live, epoch ${end}`;
    },
  };
}

/** The epoch the loss chart marks: the snapshot shown, or none while live. */
export const markedEpoch = (page) => (page.timeline?.boundary || page.timeline?.model
  ? page.timeline.shown : null);
