// Wires the page: one store of what the page knows; the controls, the network editor and
// the hash that change its settings; the job session that trains them; the renderers that
// draw the store. Then the lifecycle: start, retry, keyboard, leaving.

import { api } from "./api.js";
import { createClassLink } from "./class-link.js";
import { createControls } from "./controls.js";
import { setupColumnRoles } from "./column-roles.js";
import { createCopyLink } from "./copy-link.js";
import { createDataPanel } from "./data-panel.js";
import { downloadChart } from "./exports.js";
import { createFeedback } from "./feedback.js";
import { createImagePanel } from "./image-panel.js";
import { problemsNotice, syncHash } from "./hash-sync.js";
import { followHiddenControls } from "./hide-controls.js";
import { createInsight } from "./insight.js";
import { createJobLinks } from "./job-links.js";
import { createJobSession } from "./job-session.js";
import { createJobsList } from "./jobs-list.js";
import { createJobsPanel } from "./jobs-panel.js";
import { createNickname } from "./nickname.js";
import { createNetworkView } from "./network.js";
import { addLayer, removeLayer } from "./network-edits.js";
import { followPresentation } from "./presentation.js";
import { createPreview } from "./preview.js";
import { createReplay } from "./replay.js";
import { createScheduler } from "./render-scheduler.js";
import { subscribeRenderers } from "./renderers.js";
import { catalogueEntry, initialPage, pageSpec } from "./selectors.js";
import { createSettingChanges } from "./setting-changes.js";
import { defaultState } from "./state.js";
import { createSweepPanel } from "./sweep-panel.js";
import { createStore } from "./store.js";
import { createTimeline } from "./timeline.js";
import { createWatchMode } from "./watch-mode.js";
import { createWeightEditor } from "./weight-editor.js";

const $ = (id) => document.getElementById(id);
const JOBS_INTERVAL_MS = 10000;
const RETRY_MS = 5000;

const store = createStore(initialPage());
const feedback = createFeedback(document, store);
const settings = () => store.state.settings;

const controls = createControls(document, {
  onChange: (key, value, control) => changes.changeSetting(key, value, control),
  onAction: (name, detail) => changes.runAction(name, detail),
});
const dataPanel = createDataPanel(store, { controls, feedback });
const jobsList = createJobsList(store, feedback);
const session = createJobSession(store, {
  feedback,
  onListChanged: () => jobsList.refresh(),
});
const links = createJobLinks(store, { session, feedback });
const preview = createPreview(store, feedback);
const weightEditor = createWeightEditor($("weight-editor"), { onCommit: (edit) => session.setWeight(edit) });
const hash = syncHash(store, { onExternalChange: followHash });
const { render, renderAll } = subscribeRenderers(store, {
  $,
  // A full redraw of the loss chart costs most: ten a second show every stage.
  scheduler: createScheduler({ spacing: { loss: 100 }, onError: (error) => feedback.showError("output", `Drawing failed: ${error.message}`) }),
  network: createNetworkView($("network"), {
    onEdit: (edit) => changes.editNetwork(edit),
    onNeuronHover: (hovered) => store.update({ hovered }),
    onEditWeight: (event, edit) => weightEditor.open(event, edit),
    tooltip: $("tooltip"),
  }),
  controls,
  jobsPanel: createJobsPanel($("jobs"), {
    onOpen: (id) => feedback.guarded("jobs", links.openJob)(id),
    onCompare: (id, on) => changes.apply({ ...settings(),
      compare: on ? [...settings().compare, id] : settings().compare.filter((other) => other !== id) }),
    onRename: (id, name) => feedback.guarded("jobs", jobsList.rename)(id, name),
    onDelete: (id) => feedback.guarded("jobs", jobsList.remove)(id),
  }),
  onPlaneClick: dataPanel.editPoint,
});
const changes = createSettingChanges(store, { feedback, dataPanel, render });
const timeline = createTimeline(store, { root: $("timeline"), slider: $("timeline-slider"),
  label: $("timeline-epoch"), live: $("timeline-live") }, feedback);
createReplay(store, timeline, { button: $("timeline-replay"), speed: $("timeline-speed"), root: $("timeline") }, feedback);
store.subscribe((page) => timeline.render(page));
createInsight(store, { $, feedback });
setupColumnRoles($("upload-file"), $("column-roles"), $("upload-label-field"));
createImagePanel($("image-panel"), store);
createSweepPanel($("sweep-panel"), {
  spec: () => pageSpec(store.state),
  onOpen: (id) => feedback.guarded("jobs", links.openJob)(id),
  onError: (error) => feedback.showError("sweep", error),
});
createWatchMode(document, store);

// Classroom: hide=, present=1, the links to share.
followHiddenControls(store);
followPresentation(store, { toggle: $("present-toggle"), apply: (next) => changes.apply(next) });
createCopyLink(store, { button: $("copy-link"), fallback: $("copy-link-text") });
createClassLink(store, $("hide-helper"));

// ---------- a hash changed by hand ----------

/** A hash changed by hand or by a link: its settings become the page's, its job too. */
function followHash({ state, problems }) {
  feedback.notice(problemsNotice(problems));
  if (store.state.job && state.job !== store.state.job.id) session.detach({ pause: false });
  changes.apply(state);
  if (state.job && state.job !== store.state.job?.id) feedback.guarded("run", links.reconnect)(state.job);
}

// ---------- start, retry, keyboard, lifecycle ----------

async function start() {
  store.update({ connection: "connecting" });
  feedback.clearError("run");
  try {
    const [, choices, limits, me] = await Promise.all([dataPanel.refreshDatasets(), api.choices(), api.limits(), api.me()]);
    store.update({ rules: { choices, limits }, me });
    createNickname(document.querySelector(".brand"), me, { feedback });
  } catch (error) {
    store.update({ connection: "unreachable" });
    feedback.showError("run", error?.unreachable ? "The server cannot be reached. The page retries by itself, or press retry." : error);
    scheduleRetry();
    return;
  }
  controls.setup(store.state.catalogue, store.state.rules);
  const { state, problems } = hash.read();
  if (!catalogueEntry(store.state, state.dataset)) {
    problems.push(`dataset='${state.dataset}' is not in this server's catalogue; showing ${defaultState().dataset}`);
    state.dataset = defaultState().dataset;
  }
  feedback.notice(problemsNotice(problems));
  store.update({ settings: state, started: true }); // the hash now follows the settings
  renderAll();
  dataPanel.drawThumbnails();
  dataPanel.loadSample();
  preview.load();
  if (state.job) await feedback.guarded("run", links.reconnect)(state.job);
  else store.update({ connection: "idle" });
  jobsList.loadOverlays();
  jobsList.refresh();
}

let retryTimer = null;
function scheduleRetry() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(retry, RETRY_MS);
}

function retry() {
  clearTimeout(retryTimer);
  if (!store.state.started) {
    start();
    return;
  }
  api.health().then(() => {
    feedback.clearError("run");
    if (store.state.job) session.rewatch();
    else store.update({ connection: "idle" });
    jobsList.refresh();
  }, () => {
    store.update({ connection: "unreachable" });
    scheduleRetry();
  });
}

function typingTarget(target) {
  return target instanceof Element
    && Boolean(target.closest("input, select, textarea, button, summary, a, [contenteditable]"));
}

document.addEventListener("keydown", (event) => {
  const plain = !event.repeat && !event.ctrlKey && !event.metaKey && !event.altKey;
  if (event.key === " " && plain && !typingTarget(event.target)) {
    event.preventDefault();
    session.play();
  }
});

$("play").addEventListener("click", session.play);
$("step").addEventListener("click", session.step);
$("reset").addEventListener("click", session.reset);
$("retry").addEventListener("click", retry);
$("refresh-jobs").addEventListener("click", jobsList.refresh);
$("add-layer").addEventListener("click", () => changes.apply(addLayer(settings(), store.state.rules)));
$("remove-layer").addEventListener("click", () => changes.apply(removeLayer(settings())));
$("export-loss").addEventListener("click", () => downloadChart($("loss-chart"), "loss"));
$("export-boundary").addEventListener("click", () => downloadChart($("boundary-chart"), "boundary"));

let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => render("network"), 150);
});

window.addEventListener("pagehide", () => session.close());

setInterval(() => {
  if (!document.hidden) jobsList.refresh();
}, JOBS_INTERVAL_MS);

start();
