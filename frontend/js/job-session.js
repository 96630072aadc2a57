// The page's job: creates it when play or step needs one, acts on it (always checking its
// status first, never provoking a 409), follows it over its stream, and leaves it when the
// settings the page shows are no longer its own.

import { api } from "./api.js";
import { emptyHistory } from "./history.js";
import { FINISHED, playPlan, stepPlan } from "./job-actions.js";
import { createJobStream } from "./job-stream.js";
import { liveTraining } from "./job-spec.js";
import { jobName, pageSpec } from "./selectors.js";
import { changeKind, changedKeys } from "./state.js";

// What the page shows of a job before the stream sends it: nothing.
const NOTHING_SHOWN = { history: emptyHistory(), boundary: null, model: null, pictures: null };

const nextSeed = (seed) => (seed + 1) % (2 ** 31 - 1);

/**
 * `feedback` shows errors ({guarded, showError, notice}); `onListChanged()` when the server's
 * list of jobs changed (a job created, paused, finished).
 */
export function createJobSession(store, { feedback, onListChanged }) {
  const stream = createJobStream(store, {
    onStatus: (status) => {
      onListChanged();
      if (status !== "running") refreshAtRest();
    },
    onGone: (id) => {
      feedback.notice(`Job ${id} was deleted on the server: press play to train these settings anew.`);
      detach({ pause: false });
    },
    onError: (detail) => feedback.showError("run", detail),
    onBack: ({ restoredAt }) => {
      feedback.clearError("run");
      if (restoredAt !== null) feedback.notice(`The server restarted: restored from the checkpoint at epoch ${restoredAt}.`);
    },
    onUnavailable: (problem) => feedback.notice(`Live updates are unavailable: ${problem}.`),
  });
  let busy = false;

  const job = () => store.state.job;
  const merge = (fresh) => store.update({ job: { ...job(), ...fresh } });

  /** Show `fresh` (a job object from the API) as the page's job and watch it. */
  function attach(fresh) {
    store.update({ job: fresh, settings: { ...store.state.settings, job: fresh.id } });
    stream.watch(fresh.id);
  }

  /** Forget the job (its settings are no longer the page's); pause it unless told not to. */
  function detach({ pause = true } = {}) {
    const previous = job();
    stream.close();
    store.update({ job: null, ...NOTHING_SHOWN, connection: "idle", settings: { ...store.state.settings, job: "" } });
    if (pause && previous?.status === "running") {
      feedback.guarded("run", async () => {
        const now = await api.job(previous.id);
        if (now.status === "running") await api.pause(previous.id);
        onListChanged();
      })();
    }
  }

  /** The metrics of a job come to rest, the confusion matrix among them (the stream has no matrix). */
  async function refreshAtRest() {
    const id = job()?.id;
    const fresh = id ? await feedback.guarded("output", api.job)(id) : null;
    if (fresh && job()?.id === id) merge({ metrics: fresh.metrics, summary: fresh.summary });
  }

  /** The job as the server has it now: the page checks before it acts. */
  async function fresh() {
    if (!job()) return null;
    merge(await api.job(job().id));
    return job();
  }

  async function create(autostart) {
    const created = await api.createJob(pageSpec(store.state), { name: jobName(store.state), autostart });
    store.update(NOTHING_SHOWN);
    attach(created);
    onListChanged();
  }

  /** One action at a time: a second press while one runs is ignored. */
  function exclusive(action) {
    const run = feedback.guarded("run", action);
    return async (...args) => {
      if (busy) return;
      busy = true;
      try {
        await run(...args);
      } finally {
        busy = false;
      }
    };
  }

  async function resetJob(id) {
    merge(await api.reset(id, pageSpec(store.state)));
    store.update(NOTHING_SHOWN); // the stream sends the new snapshot and pictures
  }

  const play = exclusive(async () => {
    const now = await fresh();
    for (const action of playPlan(now ? now.status : null)) {
      if (action === "create") {
        await create(true);
        break; // autostart is the play
      }
      if (action === "pause") merge(await api.pause(job().id));
      if (action === "reset") await resetJob(job().id);
      if (action === "play") merge(await api.play(job().id));
    }
  });

  const step = exclusive(async () => {
    const now = await fresh();
    const plan = stepPlan(now ? now.status : null);
    if (!plan.length) {
      feedback.showError("run", `The job is ${now.status}: press reset (or play) to train again.`);
      return;
    }
    for (const action of plan) {
      if (action === "create") await create(false);
      if (action === "pause") merge(await api.pause(job().id));
      if (action === "step") merge(await api.step(job().id, 1));
    }
  });

  // New weights by default (the next training seed); "keep seed" draws the same ones again.
  const reset = exclusive(async () => {
    const now = await fresh();
    const settings = store.state.settings;
    if (!settings.keepSeed) store.update({ settings: { ...settings, seed: nextSeed(settings.seed) } }, { keepJob: true });
    if (now) await resetJob(now.id);
  });

  /** Set one weight or bias ({layer, unit, input, value}); a running job pauses first. */
  const setWeight = exclusive(async (edit) => {
    if (!(await fresh())) await create(false);
    if (job().status === "running") merge(await api.pause(job().id));
    if (FINISHED.has(job().status)) {
      feedback.showError("run", `The job is ${job().status}: press reset to edit its weights.`);
      return;
    }
    merge(await api.setWeight(job().id, edit));
  });

  /** Send live hyperparameters (API names) to the job; a finished job is left for a new one. */
  function updateTraining(training, area) {
    if (FINISHED.has(job().status)) {
      detach({ pause: false });
      return;
    }
    const id = job().id;
    feedback.guarded(area, async () => {
      const updated = await api.updateTraining(id, training);
      if (job()?.id === id) merge(updated);
    })();
  }

  // A change of the settings: a spec change leaves the job, a live one goes into it (unless
  // it came from the job itself: another page's change, or the job the page reconnected to).
  store.subscribe((page, previous, meta) => {
    if (!page.job || page.settings === previous.settings || meta.fromJob || meta.keepJob) return;
    const keys = changedKeys(previous.settings, page.settings);
    if (keys.some((key) => changeKind(key) === "spec")) detach();
    else {
      const live = keys.filter((key) => changeKind(key) === "live");
      if (live.length) updateTraining(liveTraining(page.settings, live), meta.area || "run");
    }
  });

  return {
    attach, detach, play, step, reset, setWeight, updateTraining,
    /** Connect again after the server was unreachable. */
    rewatch() {
      if (job()) stream.watch(job().id);
    },
    close: stream.close,
  };
}
