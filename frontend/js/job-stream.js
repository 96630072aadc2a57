// Watches the page's job over its WebSocket, the one channel for a job while the page shows
// it: the snapshot, metric points, status changes, the boundary, the weights and the neuron
// pictures all arrive here and go into the store.

import { api, openJobStream } from "./api.js";
import { appendPoints, fullHistory } from "./history.js";
import { liveSettings } from "./job-spec.js";
import { unitsPerLayer } from "./selectors.js";

const FAILED_RECONNECTS_BEFORE_PROBE = 3;

/** The job after metric `points`: their epoch is completed + fraction, the counter shows completed ones. */
function advanced(job, points) {
  const steps = points.step || [];
  if (!job || !steps.length) return job;
  const last = steps.length - 1;
  const epoch = points.epoch?.[last];
  return {
    ...job,
    step: Math.max(job.step, steps[last]),
    epoch: Number.isFinite(epoch) ? Math.max(job.epoch, Math.floor(epoch + 1e-9)) : job.epoch,
  };
}

/** The store's parts a server message changes (null: none). */
export function messageChanges(message, page) {
  switch (message.type) {
    case "snapshot": return { job: message.job, history: fullHistory(message.history) };
    case "metrics": {
      const points = message.points || {};
      return { history: appendPoints(page.history, points), job: advanced(page.job, points) };
    }
    case "status": {
      const { status, step, epoch, error, status_reason: reason = page.job.status_reason } = message;
      return { job: { ...page.job, status, step, epoch, error, status_reason: reason } };
    }
    case "boundary": return { boundary: message };
    case "model": {
      const changes = { model: message.model, pictures: message.neurons ?? null };
      if (message.confusion_matrix !== undefined) {
        changes.job = { ...page.job, metrics: { ...page.job.metrics, confusion_matrix: message.confusion_matrix } };
      }
      return changes;
    }
    case "settings": {
      const { training, name } = message;
      return { job: { ...page.job, name, spec: { ...page.job.spec, training } },
        settings: { ...page.settings, ...liveSettings(training) } };
    }
    default: return null;
  }
}

/** The epoch a reconnect's snapshot went back to (a server restarted from a checkpoint), or null. */
export function restoredEpoch(message, page) {
  if (message.type !== "snapshot" || page.job?.id !== message.job?.id) return null;
  return message.job.epoch < (page.job.epoch ?? 0) ? message.job.epoch : null;
}

/**
 * `watch(id)` opens the stream of job `id` (closing any other); `close()` ends it.
 * `onStatus(status)` when the job's status changes, `onGone(id)` when the server deleted it,
 * `onError(detail)` for an error the server sends on the open socket, `onUnavailable(problem)`
 * when the server cannot stream at all, `onBack({restoredAt})` when the socket is open again
 * after it was lost (restoredAt: the epoch the job went back to, or null).
 */
export function createJobStream(store, { onStatus, onGone, onError, onUnavailable, onBack = () => {} }) {
  let stream = null;
  let lost = false;

  function connection(state, attempt = 0) {
    if (state === "reconnecting" || state === "unreachable") lost = true;
    if (state === "reconnecting" && attempt >= FAILED_RECONNECTS_BEFORE_PROBE) {
      api.health().then(() => store.update({ connection: "reconnecting" }),
        () => store.update({ connection: "unreachable" }));
      return;
    }
    store.update({ connection: state });
  }

  function receive(id, message) {
    const page = store.state;
    if (page.job?.id !== id) return; // a late message of a job left behind is dropped
    if (message.type === "error") {
      onError(message.detail || "The server refused a message");
      return;
    }
    const restoredAt = restoredEpoch(message, page);
    if (message.type === "snapshot" && lost) {
      lost = false;
      onBack({ restoredAt });
    }
    const changes = messageChanges(message, page);
    if (!changes) return;
    const before = page.job.status;
    store.update(changes, { fromJob: true });
    if (store.state.job?.status !== before) onStatus(store.state.job.status);
  }

  function close() {
    if (stream) stream.close();
    stream = null;
  }

  function watch(id) {
    close();
    lost = false;
    stream = openJobStream(id, {
      unitsPerLayer: unitsPerLayer(store.state),
      onMessage: (message) => receive(id, message),
      onConnection: connection,
      onGone: () => onGone(id),
      onUnavailable: (problem) => {
        store.update({ connection: "unavailable" });
        onUnavailable(problem);
      },
    });
  }

  return { watch, close, get watching() { return stream?.id ?? null; } };
}
