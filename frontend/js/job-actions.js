// What play and step do, given the status of the page's job. Pure, so the rules are tested
// without a browser: the page checks a job's status before it acts and never provokes a 409.

export const FINISHED = new Set(["completed", "diverged", "failed"]);

/** The API calls that play performs, in order, for a job in `status` (null: no job yet). */
export function playPlan(status) {
  if (status === null || status === undefined) return ["create", "play"];
  if (status === "running") return ["pause"];
  if (FINISHED.has(status)) return ["reset", "play"];
  return ["play"];
}

/** The API calls that step performs: it always leaves the job paused, one epoch further. */
export function stepPlan(status) {
  if (status === null || status === undefined) return ["create", "step"];
  if (status === "running") return ["pause", "step"];
  if (FINISHED.has(status)) return [];
  return ["step"];
}

/** What the play button offers for a job in `status`. */
export function playButtonMode(status) {
  if (status === "running") return { icon: "pause", label: "Pause training" };
  if (FINISHED.has(status)) return { icon: "restart", label: "Train again from the start" };
  return { icon: "play", label: "Start training" };
}

/**
 * The words the status line shows. `connection` is the stream's state ("idle", "connecting",
 * "open", "reconnecting", "unreachable", "unavailable"); `job` the latest job object or null.
 */
export function describeStatus(connection, job) {
  if (connection === "unreachable") return { tone: "error", text: "Server unreachable" };
  if (connection === "unavailable") return { tone: "error", text: "Live updates are unavailable" };
  if (connection === "connecting") return { tone: "busy", text: "Connecting…" };
  if (connection === "reconnecting") return { tone: "busy", text: "Connection lost, reconnecting…" };
  if (!job) return { tone: "idle", text: "Ready: press play to train" };
  switch (job.status) {
    case "created": return { tone: "idle", text: "Ready: press play to train" };
    case "running": return { tone: "running", text: "Running" };
    case "paused": return { tone: "idle", text: job.status_reason === "idle" ? "Paused: nobody was watching" : "Paused" };
    case "completed": return { tone: "done", text: `Completed${reason(job)}` };
    case "diverged": return { tone: "error", text: `Diverged${reason(job) || ": the loss is no longer finite"}` };
    case "failed": return { tone: "error", text: `Failed${reason(job)}` };
    default: return { tone: "idle", text: String(job.status) };
  }
}

function reason(job) {
  return job.error ? `: ${job.error}` : "";
}
