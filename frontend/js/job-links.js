// A job named elsewhere becomes the page's: the one a link's hash carries (reconnect) or the
// one opened from the jobs list (its settings become the page's).

import { api } from "./api.js";
import { FINISHED } from "./job-actions.js";
import { LIVE_FIELDS, liveTraining } from "./job-session.js";
import { specMatches, stateFromSpec, withCatalogueDefaults, withoutLiveFields } from "./job-spec.js";
import { catalogueEntry, pageSpec } from "./selectors.js";

export function createJobLinks(store, { session, feedback }) {
  const withDefaults = (spec) => withCatalogueDefaults(spec, catalogueEntry(store.state, spec.dataset?.name));

  /** Show another job of the server: its settings become the page's. */
  async function openJob(id) {
    const job = await api.job(id);
    session.detach({ pause: false });
    const { settings, rules } = store.state;
    store.update({ settings: { ...stateFromSpec(withDefaults(job.spec), settings, rules), job: id } });
    feedback.notice("");
    session.attach(job);
  }

  function problemWith(id, job) {
    if (!job) return `Job ${id} is no longer on this server: press play to train these settings anew.`;
    if (!specMatches(withoutLiveFields(pageSpec(store.state)), withDefaults(job.spec))) {
      return `Job ${id} was trained with other settings than this link shows: press play to train these.`;
    }
    return "";
  }

  /** Reconnect to the job of the hash, when it still exists and has the settings the page shows. */
  async function reconnect(id) {
    const jobs = await api.jobs(); // the list, not GET /jobs/{id}: a deleted job must not cost a 404
    const job = jobs.find((j) => j.id === id);
    const problem = problemWith(id, job);
    if (problem) {
      feedback.notice(problem);
      store.update({ settings: { ...store.state.settings, job: "" }, connection: "idle" });
      return;
    }
    session.attach(job);
    // The hash's live values win: the job takes them, as if they had been changed just now.
    const settings = store.state.settings;
    const differing = Object.keys(LIVE_FIELDS).filter((key) => job.spec.training[LIVE_FIELDS[key]] !== settings[key]);
    if (differing.length && !FINISHED.has(job.status)) session.updateTraining(liveTraining(settings, differing), "run");
  }

  return { openJob, reconnect };
}
