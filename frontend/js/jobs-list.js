// The server's jobs as the page lists them, and the loss histories of the ones ticked to
// compare (overlays on the loss chart).

import { api } from "./api.js";
import { fullHistory } from "./history.js";

/** Newest first. */
function sorted(jobs) {
  return [...jobs].sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
}

/** `refresh()` reloads the list; ticking a job in settings.compare loads its history. */
export function createJobsList(store, feedback) {
  let inFlight = false;

  async function loadOverlays() {
    const { settings, jobs } = store.state;
    const wanted = settings.compare.filter((id) => jobs.some((job) => job.id === id));
    const overlays = new Map([...store.state.overlays].filter(([id]) => wanted.includes(id)));
    await Promise.all(wanted.map(feedback.guarded("jobs", async (id) => {
      const job = jobs.find((j) => j.id === id);
      const history = await api.metrics(id);
      overlays.set(id, { name: job.name || id.slice(0, 8), history: fullHistory(history), step: job.step,
        kind: job.summary?.kind ?? null });
    })));
    store.update({ overlays });
  }

  async function refresh() {
    if (inFlight || !store.state.started) return;
    inFlight = true;
    try {
      const jobs = sorted(await api.jobs());
      feedback.clearError("jobs");
      store.update({ jobs });
      const { settings, overlays } = store.state;
      const stale = settings.compare.some((id) => {
        const job = jobs.find((j) => j.id === id);
        return job && overlays.get(id)?.step !== job.step;
      });
      if (stale) loadOverlays();
    } catch (error) {
      if (error?.unreachable) store.update({ connection: "unreachable" });
      else feedback.showError("jobs", error);
    } finally {
      inFlight = false;
    }
  }

  store.subscribe((page, previous) => {
    if (page.settings.compare !== previous.settings.compare
      && page.settings.compare.join() !== previous.settings.compare.join()) loadOverlays();
  });

  async function rename(id, name) {
    const renamed = await api.rename(id, name);
    store.update({ jobs: store.state.jobs.map((job) => (job.id === id ? { ...job, name: renamed.name } : job)) });
    if (store.state.job?.id === id) store.update({ job: { ...store.state.job, name: renamed.name } });
  }

  /** Delete a job (the page's own: the page leaves it first, via the stream's "gone"). */
  async function remove(id) {
    await api.deleteJob(id);
    store.update({ jobs: store.state.jobs.filter((job) => job.id !== id),
      settings: { ...store.state.settings, compare: store.state.settings.compare.filter((other) => other !== id) } });
  }

  return { refresh, loadOverlays, rename, remove };
}
