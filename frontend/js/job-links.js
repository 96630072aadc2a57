// A job named elsewhere becomes the page's: the one a link's hash carries (reconnect) or the
// one opened from the jobs list (its settings become the page's).

import { api } from "./api.js";
import { liveSettings, specMatches, stateFromSpec, withCatalogueDefaults, withoutLiveFields } from "./job-spec.js";
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
    // The list (summaries) first, not GET /jobs/{id}: a deleted job must not cost a 404.
    // On a multi-user server the list holds only one's own jobs: a shared link is asked for.
    const listed = (await api.jobs()).some((j) => j.id === id);
    const shared = !listed && store.state.me?.multi_user;
    const job = listed || shared ? await api.job(id).catch((error) => {
      if (error.status === 404) return null;
      throw error;
    }) : null;
    const problem = problemWith(id, job);
    if (problem) {
      feedback.notice(problem);
      store.update({ settings: { ...store.state.settings, job: "" }, connection: "idle" });
      return;
    }
    // The job's live values win: another page may have changed them since this hash was
    // written, and a reload must not push a stale value back onto the job.
    store.update({ settings: { ...store.state.settings, ...liveSettings(job.spec.training) } }, { fromJob: true });
    session.attach(job);
  }

  return { openJob, reconnect };
}
