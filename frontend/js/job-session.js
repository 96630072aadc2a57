// The page's job: creates it when play or step needs one, acts on it (always checking its
// status first), watches its stream and keeps what the charts and the diagram show of it.

import { api, openJobStream } from "./api.js";
import { emptyHistory } from "./charts.js";
import { FINISHED, playPlan, stepPlan } from "./job-actions.js";

const NEURON_RESOLUTION = 20;
const BOUNDARY_RESOLUTION = 50;
const FAILED_RECONNECTS_BEFORE_PROBE = 3;

/**
 * `hooks`: spec() and name() of the job to create; changed(part) to redraw a part ("all",
 * "numbers", "loss", "boundary", "jobs"); jobId(id) when the page's job changes;
 * connection(state); error(area, error), clearError(area), notice(text); listChanged().
 */
export function createJobSession({ lossChart, boundaryChart, hooks }) {
  let job = null;
  let stream = null;
  let pictures = null;
  let model = null;
  let busy = false;
  let detailsInFlight = false;

  function merge(fresh) {
    job = { ...job, ...fresh };
    return job;
  }

  function handleMessage(message) {
    switch (message.type) {
      case "snapshot":
        job = message.job;
        lossChart.setHistory({ ...emptyHistory(), ...(message.history || {}) });
        hooks.changed("all");
        refreshDetails();
        break;
      case "metrics":
        lossChart.append(message.points || {});
        advance(message.points || {});
        hooks.changed("numbers");
        hooks.changed("loss");
        hooks.changed("jobs");
        break;
      case "status": {
        const before = job?.status;
        merge({ status: message.status, step: message.step, epoch: message.epoch, error: message.error });
        if (before !== message.status) {
          refreshDetails();
          hooks.listChanged();
        }
        hooks.changed("all");
        break;
      }
      case "boundary":
        boundaryChart.setBoundary(message);
        hooks.changed("boundary");
        break;
      case "error":
        hooks.error("run", message.detail || "The server refused a message");
        break;
      default:
        break;
    }
  }

  // Metric points carry the epoch as completed + fraction: the counter shows completed ones.
  function advance(points) {
    const steps = points.step || [];
    if (!job || !steps.length) return;
    const last = steps.length - 1;
    const epoch = points.epoch?.[last];
    merge({
      step: Math.max(job.step, steps[last]),
      epoch: Number.isFinite(epoch) ? Math.max(job.epoch, Math.floor(epoch + 1e-9)) : job.epoch,
    });
  }

  function streamConnection(connection, attempt = 0) {
    if (connection === "reconnecting" && attempt >= FAILED_RECONNECTS_BEFORE_PROBE) {
      api.health().then(() => hooks.connection("reconnecting"), () => hooks.connection("unreachable"));
      return;
    }
    hooks.connection(connection);
  }

  function watch() {
    if (stream && stream.id === job.id) return;
    if (stream) stream.close();
    const id = job.id;
    stream = openJobStream(id, {
      onMessage: (message) => {
        if (job?.id === id) handleMessage(message); // a late message of a job left behind is dropped
      },
      onConnection: streamConnection,
      onUnavailable: (problem) => {
        hooks.notice(`Live updates are unavailable: ${problem}.`);
        hooks.connection("unavailable");
      },
      onGone: () => {
        hooks.notice(`Job ${id} was deleted on the server: press play to train these settings anew.`);
        detach({ pause: false });
        hooks.changed("all");
      },
    });
  }

  /** Show `fresh` (a job object from the API) as the page's job and watch it. */
  function attach(fresh) {
    job = fresh;
    hooks.jobId(job.id);
    watch();
    hooks.changed("all");
  }

  /** Forget the job (its settings are no longer the page's); pause it unless told not to. */
  function detach({ pause = true } = {}) {
    const previous = job;
    if (stream) stream.close();
    stream = null;
    job = null;
    pictures = null;
    model = null;
    lossChart.setHistory(emptyHistory());
    boundaryChart.setBoundary(null);
    hooks.jobId("");
    hooks.connection("idle");
    if (pause && previous?.status === "running") {
      guarded("run", async () => {
        const now = await api.job(previous.id);
        if (now.status === "running") await api.pause(previous.id);
        hooks.listChanged();
      })();
    }
  }

  function guarded(area, action) {
    return async (...args) => {
      try {
        hooks.clearError(area);
        await action(...args);
      } catch (error) {
        if (error?.unreachable) hooks.connection("unreachable");
        hooks.error(area, error);
      }
    };
  }

  /** Fetch what the stream does not carry: pictures, weights, latest metrics, confusion matrix. */
  async function refreshDetails() {
    const watched = job;
    if (!watched || detailsInFlight) return;
    detailsInFlight = true;
    try {
      const fresh = await api.job(watched.id);
      if (job?.id !== watched.id) return;
      // While it runs, the stream may already be ahead of this answer.
      merge({ ...fresh, epoch: fresh.status === "running" ? Math.max(fresh.epoch, job.epoch) : fresh.epoch });
      const drawable = fresh.summary?.drawable !== false;
      const [weights, neurons, boundary] = await Promise.all([
        api.model(watched.id),
        drawable ? api.neurons(watched.id, NEURON_RESOLUTION) : null,
        drawable && !boundaryChart.boundary ? api.boundary(watched.id, BOUNDARY_RESOLUTION) : null,
      ]);
      if (job?.id !== watched.id) return;
      model = weights;
      pictures = neurons;
      if (boundary) boundaryChart.setBoundary(boundary);
      hooks.changed("all");
    } catch (error) {
      if (error?.unreachable) hooks.connection("unreachable");
      else hooks.error("output", error);
    } finally {
      detailsInFlight = false;
    }
  }

  /** The job as the server has it now: the page checks before it acts, never provoking a 409. */
  async function fresh() {
    return job ? merge(await api.job(job.id)) : null;
  }

  async function create(autostart) {
    const created = await api.createJob(hooks.spec(), { name: hooks.name(), autostart });
    lossChart.setHistory(emptyHistory());
    boundaryChart.setBoundary(null);
    attach(created);
    hooks.listChanged();
  }

  function clearPictures() {
    lossChart.setHistory(emptyHistory());
    boundaryChart.setBoundary(null);
    pictures = null;
  }

  function exclusive(action) {
    const run = guarded("run", action);
    return async () => {
      if (busy) return;
      busy = true;
      try {
        await run();
      } finally {
        busy = false;
        hooks.changed("all");
      }
    };
  }

  const play = exclusive(async () => {
    const now = await fresh();
    for (const action of playPlan(now ? now.status : null)) {
      if (action === "create") {
        await create(true);
        break; // autostart is the play
      }
      if (action === "pause") merge(await api.pause(job.id));
      if (action === "reset") {
        merge(await api.reset(job.id, hooks.spec()));
        clearPictures();
      }
      if (action === "play") merge(await api.play(job.id));
    }
  });

  const step = exclusive(async () => {
    const now = await fresh();
    const plan = stepPlan(now ? now.status : null);
    if (!plan.length) {
      hooks.error("run", `The job is ${now.status}: press reset (or play) to train again.`);
      return;
    }
    for (const action of plan) {
      if (action === "create") await create(false);
      if (action === "pause") merge(await api.pause(job.id));
      if (action === "step") merge(await api.step(job.id, 1));
    }
    const history = await api.metrics(job.id); // the stream may still be on its way
    lossChart.setHistory({ ...emptyHistory(), ...history });
    boundaryChart.setBoundary(null);
    await refreshDetails();
  });

  const reset = exclusive(async () => {
    const now = await fresh();
    if (!now) return;
    merge(await api.reset(now.id, hooks.spec()));
    clearPictures();
    await refreshDetails();
  });

  /** Send live hyperparameters (API names) to the job; a finished job is left for a new one. */
  function updateTraining(training, area) {
    if (FINISHED.has(job.status)) {
      detach({ pause: false });
      return;
    }
    const id = job.id;
    guarded(area, async () => {
      const updated = await api.updateTraining(id, training);
      if (job?.id === id) merge(updated);
    })();
  }

  /** Connect again after the server was unreachable. */
  function rewatch() {
    if (!job) return;
    if (stream) stream.close();
    stream = null;
    watch();
  }

  return {
    get job() { return job; },
    get pictures() { return pictures; },
    get model() { return model; },
    attach, detach, refreshDetails, play, step, reset, updateTraining, rewatch,
    close() { if (stream) stream.close(); },
  };
}
