// Wires the page: one store of what the page knows; the controls, the network editor and
// the hash that change its settings; the job session that trains them; the renderers that
// draw the store. Then the lifecycle: start, retry, keyboard, leaving.

import { api } from "./api.js";
import { createControls } from "./controls.js";
import { createDataPanel } from "./data-panel.js";
import { createFeedback } from "./feedback.js";
import { problemsNotice, syncHash } from "./hash-sync.js";
import { createJobLinks } from "./job-links.js";
import { createJobSession } from "./job-session.js";
import { createJobsList } from "./jobs-list.js";
import { createJobsPanel } from "./jobs-panel.js";
import { createNetworkView } from "./network.js";
import { addLayer, applyNetworkEdit, removeLayer } from "./network-edits.js";
import { createScheduler } from "./render-scheduler.js";
import { subscribeRenderers } from "./renderers.js";
import { catalogueEntry, initialPage } from "./selectors.js";
import { defaultState, withChange } from "./state.js";
import { createStore } from "./store.js";

const $ = (id) => document.getElementById(id);
const JOBS_INTERVAL_MS = 10000;
const RETRY_MS = 5000;

const store = createStore(initialPage());
const feedback = createFeedback(document, store);
const settings = () => store.state.settings;
const applySettings = (next, area = "run") => store.update({ settings: next }, { area });

const controls = createControls(document, { onChange: changeSetting, onAction: runAction });
const dataPanel = createDataPanel(store, { controls, feedback });
const jobsList = createJobsList(store, feedback);
const session = createJobSession(store, {
  feedback,
  onListChanged: () => jobsList.refresh(),
  onStatus: (status) => {
    jobsList.refresh();
    if (status !== "running") refreshJob(); // its metrics at rest, the confusion matrix among them
  },
});
const links = createJobLinks(store, { session, feedback });
const hash = syncHash(store, { onExternalChange: followHash });
const { render, renderAll } = subscribeRenderers(store, {
  $,
  scheduler: createScheduler({ onError: (error) => feedback.showError("output", `Drawing failed: ${error.message}`) }),
  network: createNetworkView($("network"), { onEdit: editNetwork, onNeuronHover: (hovered) => store.update({ hovered }), tooltip: $("tooltip") }),
  controls,
  jobsPanel: createJobsPanel($("jobs"), {
    onOpen: (id) => feedback.guarded("jobs", links.openJob)(id),
    onCompare: (id, on) => applySettings({ ...settings(),
      compare: on ? [...settings().compare, id] : settings().compare.filter((other) => other !== id) }),
  }),
  onPlaneClick: dataPanel.editPoint,
});

// ---------- changes a person makes ----------

function changeSetting(key, value, control) {
  const area = control?.closest(".data-panel") ? "data" : control?.closest(".advanced") ? "training" : "run";
  feedback.clearError(area);
  try {
    applySettings(key === "dataset" ? chooseDataset(value) : withChange(settings(), key, value, store.state.rules), area);
  } catch (error) {
    feedback.showError(area, `${key}: ${error.message}`);
    render("controls");
  }
}

function chooseDataset(name) {
  const params = catalogueEntry(store.state, name)?.params;
  const next = { ...settings(), dataset: name, upload: "", points: [] };
  if (params?.n_samples) next.samples = params.n_samples.default;
  if (params?.classes) next.classes = params.classes.default;
  return next;
}

function editNetwork(edit) {
  feedback.clearError("network");
  const { limits } = store.state.rules;
  const next = applyNetworkEdit(settings(), edit, store.state.rules);
  if (next.layers.some((layer) => layer.units > limits.max_units)) {
    feedback.showError("network", `At most ${limits.max_units} neurons per layer on this server.`);
  } else applySettings(next);
}

const ACTIONS = {
  regenerate: () => applySettings({ ...settings(), dataSeed: settings().dataSeed + 1, points: [] }, "data"),
  download: () => feedback.guarded("data", dataPanel.download)(),
  upload: (detail) => feedback.guarded("upload", dataPanel.upload)(detail),
  "use-upload": (detail) => detail && applySettings({ ...settings(), upload: detail, points: [] }, "upload"),
  "use-generator": () => applySettings({ ...settings(), upload: "", points: [] }, "data"),
  "edit-points": (detail) => store.update({ editing: Boolean(detail) }),
};

function runAction(name, detail) {
  ACTIONS[name]?.(detail);
}

/** A hash changed by hand or by a link: its settings become the page's, its job too. */
function followHash({ state, problems }) {
  feedback.notice(problemsNotice(problems));
  if (store.state.job && state.job !== store.state.job.id) session.detach({ pause: false });
  applySettings(state);
  if (state.job && state.job !== store.state.job?.id) feedback.guarded("run", links.reconnect)(state.job);
}

async function refreshJob() {
  const id = store.state.job?.id;
  const fresh = id ? await feedback.guarded("output", api.job)(id) : null;
  if (fresh && store.state.job?.id === id) store.update({ job: { ...store.state.job, metrics: fresh.metrics, summary: fresh.summary } });
}

// ---------- start, retry, keyboard, lifecycle ----------

async function start() {
  store.update({ connection: "connecting" });
  feedback.clearError("run");
  try {
    const [, choices, limits] = await Promise.all([dataPanel.refreshDatasets(), api.choices(), api.limits()]);
    store.update({ rules: { choices, limits } });
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
  store.update({ settings: state, started: true });
  hash.write();
  renderAll();
  dataPanel.drawThumbnails();
  dataPanel.loadSample();
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
$("add-layer").addEventListener("click", () => applySettings(addLayer(settings(), store.state.rules)));
$("remove-layer").addEventListener("click", () => applySettings(removeLayer(settings())));

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
