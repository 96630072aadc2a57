// Wires the page: the state (mirrored in the hash), the controls and the network editor that
// change it, the job session that trains it, and the charts that show it.

import { api } from "./api.js";
import { createBoundaryChart, createLossChart, emptyHistory, overlayStyle, renderConfusionMatrix } from "./charts.js";
import { createControls } from "./controls.js";
import { createDataPanel } from "./data-panel.js";
import { errorText, formatAccuracy, formatEpoch, formatLoss } from "./format.js";
import { FINISHED, describeStatus, playButtonMode } from "./job-actions.js";
import { createJobSession } from "./job-session.js";
import { createJobsPanel } from "./jobs-panel.js";
import { createNetworkView } from "./network.js";
import { createScheduler } from "./render-scheduler.js";
import {
  addLayer, addNeuron, buildSpec, changeKind, changeLayer, changedKeys, dataSource, defaultState,
  parseHash, removeLayer, removeNeuron, serializeState, specMatches, stateFromSpec, toggleFeature,
  withCatalogueDefaults, withChange, withoutLiveFields,
} from "./state.js";

const $ = (id) => document.getElementById(id);
const DEFAULT_LIMITS = { max_hidden_layers: 16, max_units: 256, max_samples: 5000, max_batch_size: 1000,
  learning_rate: { min: 1e-5, max: 10 }, max_upload_bytes: 10 * 1024 * 1024 };
const DATA_KEYS = new Set(["dataset", "upload", "points", "samples", "noise", "classes", "trainRatio", "dataSeed", "standardize"]);
const LIVE_FIELDS = { learningRate: "learning_rate", batchSize: "batch_size", regularizationRate: "regularization_rate" };
const DETAIL_INTERVAL_MS = 1000;
const JOBS_INTERVAL_MS = 10000;
const RETRY_MS = 5000;

// What the page knows besides the charts' data, the session's job and the data panel's data.
const page = {
  state: defaultState(),
  limits: DEFAULT_LIMITS,
  connection: "connecting",
  hovered: null,
  jobs: [],
  overlays: new Map(), // job id -> {name, history, step}
  writtenHash: "",
  started: false,
};

const scheduler = createScheduler({ onError: (error) => showError("output", `Drawing failed: ${error.message}`) });
// The Plotly graph divs sit inside the data-testid hooks (DESIGN); the hooks also answer
// `.data` and `.layout`, for scripts that read the chart off the hook itself.
for (const graph of [$("loss-chart"), $("boundary-chart")]) {
  for (const key of ["data", "layout"]) {
    Object.defineProperty(graph.parentElement, key, { get: () => graph[key] });
  }
}
const lossChart = createLossChart($("loss-chart"));
const boundaryChart = createBoundaryChart($("boundary-chart"), { onPlaneClick: (click) => dataPanel.editPoint(click) });
const network = createNetworkView($("network"), { onEdit: editNetwork, onNeuronHover: hoverNeuron, tooltip: $("tooltip") });
const controls = createControls(document, { onChange: changeSetting, onAction: runAction });
const jobsPanel = createJobsPanel($("jobs"), {
  onOpen: (id) => guarded("jobs", openJob)(id),
  onCompare: (id, on) => applyState({ ...page.state,
    compare: on ? [...page.state.compare, id] : page.state.compare.filter((other) => other !== id) }),
});
const session = createJobSession({
  lossChart,
  boundaryChart,
  hooks: {
    spec: () => pageSpec(),
    name: () => jobName(),
    changed: (part) => (part === "all" ? renderAll() : scheduler.schedule(part, RENDERERS[part])),
    jobId: (id) => {
      page.state = { ...page.state, job: id };
      writeHash();
    },
    connection: setConnection,
    error: showError,
    clearError,
    notice,
    listChanged: () => refreshJobs(),
  },
});
const dataPanel = createDataPanel({
  api,
  controls,
  boundaryChart,
  hooks: {
    state: () => page.state,
    spec: () => pageSpec(),
    kind: () => dataKind(),
    limits: () => page.limits,
    apply: (next) => applyState(next),
    changed: () => renderAll(),
    connection: setConnection,
    error: showError,
    clearError,
    guarded,
  },
});

// ---------- small helpers ----------

function catalogueEntry(name = page.state.dataset) {
  return dataPanel.catalogue.find((entry) => entry.name === name) || null;
}

/** The input columns of data wider than the plane (an upload), or null for 2-D data. */
function wideColumns() {
  const summary = session.job?.summary;
  if (summary) return summary.drawable ? null : summary.features;
  const columns = dataSource(page.state) === "upload" ? dataPanel.sample?.columns : null;
  return columns && columns.length > 2 ? columns : null;
}

function drawable() {
  return wideColumns() === null;
}

/** The job spec of the page's settings: exactly what the page shows. */
function pageSpec() {
  const spec = buildSpec(page.state, { hasClasses: Boolean(catalogueEntry()?.params?.classes) });
  // A wide upload's columns are the inputs as they are: the API takes no features for it.
  if (wideColumns()) spec.features = ["x1", "x2"];
  return spec;
}

function jobName() {
  const state = page.state;
  const upload = dataPanel.uploads.find((u) => u.id === state.upload)?.name || "upload";
  const data = { generator: state.dataset, upload, points: "points" }[dataSource(state)];
  return `${data} ${state.layers.map((l) => l.units).join("-") || "linear"}`;
}

function dataKind() {
  if (page.state.problem !== "auto") return page.state.problem;
  return session.job?.summary?.kind || dataPanel.sample?.kind || catalogueEntry()?.kind || "classification";
}

function classCount() {
  return session.job?.summary?.classes || dataPanel.sample?.classes || catalogueEntry()?.classes || 2;
}

function showError(area, error) {
  const box = document.querySelector(`[data-error-for="${area}"]`);
  if (!box) return;
  box.textContent = typeof error === "string" ? error : errorText(error);
  box.hidden = false;
}

function clearError(area) {
  const box = document.querySelector(`[data-error-for="${area}"]`);
  if (box) box.hidden = true;
}

function notice(text) {
  $("notice").textContent = text;
  $("notice").hidden = !text;
}

/** Run an async action; an API error lands in `area`, in words, never in the console. */
function guarded(area, action) {
  return async (...args) => {
    try {
      clearError(area);
      await action(...args);
    } catch (error) {
      if (error?.unreachable) setConnection("unreachable");
      showError(area, error);
    }
  };
}

function writeHash() {
  const hash = `#${serializeState(page.state)}`;
  if (hash !== location.hash) window.history.replaceState(null, "", hash);
  page.writtenHash = location.hash;
}

function setConnection(connection) {
  page.connection = connection;
  scheduler.schedule("numbers", renderNumbers);
}

// ---------- rendering (through the scheduler: at most ~30 draws a second) ----------

function latestMetrics() {
  const job = session.job;
  if (!job) return {};
  const history = lossChart.history;
  const last = history.step.length - 1;
  if (last >= 0 && history.step[last] >= (job.step ?? 0)) {
    return { ...job.metrics, train_loss: history.train_loss[last], test_loss: history.test_loss[last],
      train_accuracy: history.train_accuracy[last], test_accuracy: history.test_accuracy[last] };
  }
  return job.metrics || {};
}

function renderNumbers() {
  const job = session.job;
  $("epoch").textContent = formatEpoch(job ? job.epoch : 0);
  const metrics = latestMetrics();
  $("train-loss").textContent = formatLoss(metrics.train_loss);
  $("test-loss").textContent = formatLoss(metrics.test_loss);
  $("train-accuracy").textContent = formatAccuracy(metrics.train_accuracy);
  $("test-accuracy").textContent = formatAccuracy(metrics.test_accuracy);
  const classification = dataKind() === "classification";
  for (const node of document.querySelectorAll(".accuracy")) node.hidden = !classification;
  const mode = playButtonMode(job?.status ?? null);
  $("play").dataset.mode = mode.icon;
  $("play").setAttribute("aria-label", mode.label);
  $("step").disabled = Boolean(job && FINISHED.has(job.status));
  const connection = page.connection === "open" ? "idle" : page.connection;
  const status = describeStatus(connection, job);
  $("status").textContent = status.text;
  $("status").dataset.tone = status.tone;
  $("status").title = status.text;
  $("retry").hidden = page.connection !== "unreachable";
  const matrix = job?.metrics?.confusion_matrix;
  $("confusion").hidden = !(matrix?.length && classification);
  if (!$("confusion").hidden) renderConfusionMatrix($("confusion-matrix"), matrix);
}

function drawnOverlays() {
  return page.state.compare.filter((id) => id !== session.job?.id && page.overlays.has(id));
}

function renderLoss() {
  lossChart.setLogScale(page.state.logScale);
  lossChart.setOverlays(drawnOverlays().map((id) => page.overlays.get(id)));
  lossChart.draw();
}

function renderBoundary() {
  boundaryChart.setView({ showTestData: page.state.showTestData, discretize: page.state.discretize });
  boundaryChart.showNeuron(page.hovered);
  boundaryChart.setData(drawable() ? dataPanel.sample : null);
  let message = "";
  if (!drawable()) message = `This data has ${wideColumns().length} input columns:<br>there is no plane to draw.`;
  else if (!dataPanel.sample) message = "Loading the data…";
  boundaryChart.setMessage(message);
  let caption = "";
  if (page.hovered) caption = `Showing ${page.hovered.label}.`;
  else if (drawable()) {
    caption = boundaryChart.boundary ? "The network's output over the plane."
      : "The data; press play or step to see the network's output.";
  }
  $("boundary-caption").textContent = caption;
  $("boundary-chart").classList.toggle("editing", dataPanel.editing);
  boundaryChart.draw();
}

function renderNetwork() {
  const wide = wideColumns();
  const classes = classCount();
  network.render({
    state: page.state,
    limits: page.limits,
    inputs: wide ? { toggles: false, names: wide } : { toggles: true },
    outputUnits: session.model?.output?.units ?? (dataKind() === "classification" && classes > 2 ? classes : 1),
    pictures: session.pictures,
    model: session.model,
  });
  const count = page.state.layers.length;
  $("layer-count").textContent = `${count} hidden layer${count === 1 ? "" : "s"}`;
  $("add-layer").disabled = count >= page.limits.max_hidden_layers;
  $("remove-layer").disabled = count === 0;
}

function renderControls() {
  controls.render(page.state, {
    source: dataSource(page.state),
    entry: catalogueEntry(),
    kind: dataPanel.sample?.kind || catalogueEntry()?.kind || "classification",
    classes: dataPanel.sample?.classes || catalogueEntry()?.classes || 2,
    uploads: dataPanel.uploads,
    uploadName: dataPanel.uploads.find((u) => u.id === page.state.upload)?.name,
    editing: dataPanel.editing,
    drawable: drawable(),
  });
}

function renderJobs() {
  const drawn = drawnOverlays();
  jobsPanel.render(page.jobs, {
    current: session.job ? { ...session.job, metrics: { ...session.job.metrics, ...latestMetrics() } } : null,
    compare: page.state.compare,
    overlayStyle: (id) => (drawn.includes(id) ? overlayStyle(drawn.indexOf(id)) : null),
  });
}

const RENDERERS = {
  numbers: renderNumbers, loss: renderLoss, boundary: renderBoundary, network: renderNetwork,
  controls: renderControls, jobs: renderJobs,
};

function renderAll() {
  for (const [name, render] of Object.entries(RENDERERS)) scheduler.schedule(name, render);
}

// ---------- changes of settings ----------

function changeSetting(key, value, control) {
  const area = control?.closest(".data-panel") ? "data" : control?.closest(".advanced") ? "training" : "run";
  clearError(area);
  let next;
  try {
    next = key === "dataset" ? chooseDataset(value) : withChange(page.state, key, value);
  } catch (error) {
    showError(area, `${key}: ${error.message}`);
    renderControls();
    return;
  }
  applyState(next, area);
}

function chooseDataset(name) {
  const entry = catalogueEntry(name);
  const next = { ...page.state, dataset: name, upload: "", points: [] };
  if (entry?.params?.n_samples) next.samples = entry.params.n_samples.default;
  if (entry?.params?.classes) next.classes = entry.params.classes.default;
  return next;
}

/** Make `next` the page's state: a new job on the next play, a live update, or a redraw. */
function applyState(next, area = "run") {
  const keys = changedKeys(page.state, next);
  if (!keys.length) return;
  const kinds = new Set(keys.map(changeKind));
  page.state = next;
  if (session.job && kinds.has("spec")) session.detach();
  else if (session.job && kinds.has("live")) {
    const live = keys.filter((key) => changeKind(key) === "live");
    session.updateTraining(Object.fromEntries(live.map((key) => [LIVE_FIELDS[key], next[key]])), area);
  }
  writeHash();
  if (keys.some((key) => DATA_KEYS.has(key))) dataPanel.loadSample();
  if (keys.includes("compare")) loadOverlays();
  if (keys.includes("job") && next.job && next.job !== session.job?.id) guarded("run", reconnect)(next.job);
  renderAll();
}

function editNetwork(edit) {
  clearError("network");
  let next = page.state;
  if (edit.type === "toggle-feature") next = toggleFeature(next, edit.feature);
  else if (edit.type === "add-neuron") next = addNeuron(next, edit.layer);
  else if (edit.type === "remove-neuron") next = removeNeuron(next, edit.layer);
  else if (edit.type === "layer") next = changeLayer(next, edit.layer, edit.change);
  if (next.layers.some((layer) => layer.units > page.limits.max_units)) {
    showError("network", `At most ${page.limits.max_units} neurons per layer on this server.`);
    return;
  }
  applyState(next);
}

function hoverNeuron(picture) {
  page.hovered = picture;
  scheduler.schedule("boundary", renderBoundary);
}

// ---------- data panel actions ----------

function runAction(name, detail) {
  switch (name) {
    case "regenerate":
      applyState({ ...page.state, dataSeed: page.state.dataSeed + 1, points: [] });
      break;
    case "download":
      guarded("data", dataPanel.download)();
      break;
    case "upload":
      guarded("upload", dataPanel.upload)(detail);
      break;
    case "use-upload":
      if (detail) applyState({ ...page.state, upload: detail, points: [] });
      break;
    case "use-generator":
      applyState({ ...page.state, upload: "", points: [] });
      break;
    case "edit-points":
      dataPanel.setEditing(Boolean(detail));
      renderAll();
      break;
    default:
      break;
  }
}

// ---------- jobs: the list, reopening, comparing ----------

let jobsInFlight = false;
async function refreshJobs() {
  if (jobsInFlight || !page.started) return;
  jobsInFlight = true;
  try {
    const jobs = await api.jobs();
    page.jobs = [...jobs].sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
    clearError("jobs");
    scheduler.schedule("jobs", renderJobs);
    const stale = page.state.compare.some((id) => {
      const job = page.jobs.find((j) => j.id === id);
      return job && page.overlays.get(id)?.step !== job.step;
    });
    if (stale) loadOverlays();
  } catch (error) {
    if (error?.unreachable) setConnection("unreachable");
    else showError("jobs", error);
  } finally {
    jobsInFlight = false;
  }
}

async function loadOverlays() {
  const wanted = page.state.compare.filter((id) => page.jobs.some((job) => job.id === id));
  for (const id of [...page.overlays.keys()]) if (!wanted.includes(id)) page.overlays.delete(id);
  await Promise.all(wanted.map(guarded("jobs", async (id) => {
    const job = page.jobs.find((j) => j.id === id);
    const history = await api.metrics(id);
    page.overlays.set(id, { name: job.name || id.slice(0, 8), history: { ...emptyHistory(), ...history }, step: job.step });
  })));
  scheduler.schedule("loss", renderLoss);
  scheduler.schedule("jobs", renderJobs);
}

/** Show another job of the server: its settings become the page's. */
async function openJob(id) {
  const job = await api.job(id);
  session.detach({ pause: false });
  const spec = withCatalogueDefaults(job.spec, catalogueEntry(job.spec.dataset.name));
  page.state = { ...stateFromSpec(spec, page.state), job: id };
  notice("");
  writeHash();
  dataPanel.loadSample();
  session.attach(job);
}

/** Reconnect to the job of the hash, when it still exists and has the settings the page shows. */
async function reconnect(id) {
  // The list first, not GET /jobs/{id}: a deleted job must not cost a 404.
  const listed = (await api.jobs()).some((j) => j.id === id);
  const job = listed ? await api.job(id) : null;
  let problem = "";
  if (!job) problem = `Job ${id} is no longer on this server: press play to train these settings anew.`;
  else if (!specMatches(withoutLiveFields(pageSpec()), withCatalogueDefaults(job.spec, catalogueEntry(job.spec.dataset?.name)))) {
    problem = `Job ${id} was trained with other settings than this link shows: press play to train these.`;
  }
  if (problem) {
    notice(problem);
    page.state = { ...page.state, job: "" };
    writeHash();
    setConnection("idle");
    return;
  }
  session.attach(job);
  // The hash's live values win: the job takes them, as if they had been changed just now.
  const differing = Object.entries(LIVE_FIELDS).filter(([key, field]) => job.spec.training[field] !== page.state[key]);
  if (differing.length && !FINISHED.has(job.status)) {
    session.updateTraining(Object.fromEntries(differing.map(([key, field]) => [field, page.state[key]])), "run");
  }
}

// ---------- start, retry, keyboard, lifecycle ----------

async function start() {
  setConnection("connecting");
  clearError("run");
  try {
    const [, limits] = await Promise.all([dataPanel.refreshDatasets(), api.limits()]);
    page.limits = { ...DEFAULT_LIMITS, ...limits };
  } catch (error) {
    setConnection("unreachable");
    showError("run", error?.unreachable ? "The server cannot be reached. The page retries by itself, or press retry." : error);
    scheduleRetry();
    return;
  }
  page.started = true;
  controls.setup(dataPanel.catalogue, page.limits);
  const { state, problems } = parseHash(location.hash);
  if (!catalogueEntry(state.dataset)) {
    problems.push(`dataset='${state.dataset}' is not in this server's catalogue; showing ${defaultState().dataset}`);
    state.dataset = defaultState().dataset;
  }
  page.state = state;
  notice(problems.length ? `Some settings in the link were not understood: ${problems.join("; ")}.` : "");
  writeHash();
  renderAll();
  dataPanel.drawThumbnails();
  dataPanel.loadSample();
  if (state.job) await guarded("run", reconnect)(state.job);
  else setConnection("idle");
  loadOverlays();
  refreshJobs();
}

let retryTimer = null;
function scheduleRetry() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(retry, RETRY_MS);
}

function retry() {
  clearTimeout(retryTimer);
  if (!page.started) {
    start();
    return;
  }
  api.health().then(() => {
    clearError("run");
    if (session.job) session.rewatch();
    else setConnection("idle");
    refreshJobs();
  }, () => {
    setConnection("unreachable");
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
$("refresh-jobs").addEventListener("click", refreshJobs);
$("add-layer").addEventListener("click", () => applyState(addLayer(page.state)));
$("remove-layer").addEventListener("click", () => applyState(removeLayer(page.state)));

window.addEventListener("hashchange", () => {
  if (location.hash === page.writtenHash || !page.started) return;
  const { state, problems } = parseHash(location.hash);
  notice(problems.length ? `Some settings in the link were not understood: ${problems.join("; ")}.` : "");
  if (session.job && state.job !== session.job.id) session.detach({ pause: false });
  applyState(state);
});

let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => scheduler.schedule("network", renderNetwork), 150);
});

window.addEventListener("pagehide", () => session.close());

setInterval(() => {
  if (!document.hidden && session.job?.status === "running" && page.connection === "open") session.refreshDetails();
}, DETAIL_INTERVAL_MS);

setInterval(() => {
  if (!document.hidden) refreshJobs();
}, JOBS_INTERVAL_MS);

start();
