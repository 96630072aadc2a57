// Wires the page: state <-> hash, controls and network editor -> state, the job's stream ->
// charts. Only api.js talks to the server; this module decides when.

import { api, openJobStream } from "./api.js";
import {
  createBoundaryChart, createLossChart, emptyHistory, overlayStyle, renderConfusionMatrix,
} from "./charts.js";
import { createControls } from "./controls.js";
import { errorText, formatAccuracy, formatEpoch, formatLoss } from "./format.js";
import { FINISHED, describeStatus, playButtonMode, playPlan, stepPlan } from "./job-actions.js";
import { createNetworkView } from "./network.js";
import { createScheduler } from "./render-scheduler.js";
import {
  MAX_POINTS, addLayer, addNeuron, buildSpec, changeKind, changeLayer, changedKeys, dataSource, defaultState,
  parseHash, removeLayer, removeNeuron, serializeState, specMatches, stateFromSpec, toggleFeature, withCatalogueDefaults,
  withChange, withoutLiveFields,
} from "./state.js";

const $ = (id) => document.getElementById(id);
const DEFAULT_LIMITS = { max_hidden_layers: 16, max_units: 256, max_samples: 5000, max_batch_size: 1000,
  learning_rate: { min: 1e-5, max: 10 }, max_upload_bytes: 10 * 1024 * 1024 };
const DATA_KEYS = new Set(["dataset", "upload", "points", "samples", "noise", "classes", "trainRatio", "dataSeed", "standardize"]);
const LIVE_FIELDS = { learningRate: "learning_rate", batchSize: "batch_size", regularizationRate: "regularization_rate" };
const DETAIL_INTERVAL_MS = 1000;
const JOBS_INTERVAL_MS = 10000;
const NEURON_RESOLUTION = 20;
const BOUNDARY_RESOLUTION = 50;
const THUMBNAIL_SAMPLES = 250;

const app = {
  state: defaultState(),
  catalogue: [],
  uploads: [],
  limits: DEFAULT_LIMITS,
  job: null, // the latest job object of the job the page shows, or null
  stream: null,
  connection: "connecting",
  sample: null,
  sampleKey: "",
  editing: false,
  pictures: null,
  model: null,
  hovered: null,
  busy: false,
  jobs: [],
  overlays: new Map(), // job id -> {name, history, step}
  writtenHash: "",
  started: false,
};

const scheduler = createScheduler({ onError: (error) => showError("output", `Drawing failed: ${error.message}`) });
const lossChart = createLossChart($("loss-chart"));
const boundaryChart = createBoundaryChart($("boundary-chart"), { onPlaneClick: editPoint });
const network = createNetworkView($("network"), { onEdit: editNetwork, onNeuronHover: hoverNeuron, tooltip: $("tooltip") });
const controls = createControls(document, { onChange: changeSetting, onAction: runAction });

// ---------- small helpers ----------

function catalogueEntry(name = app.state.dataset) {
  return app.catalogue.find((entry) => entry.name === name) || null;
}

function pageSpec(state = app.state) {
  return buildSpec(state, { hasClasses: Boolean(catalogueEntry(state.dataset)?.params?.classes) });
}

function jobName(state = app.state) {
  const data = { generator: state.dataset, upload: "upload", points: "points" }[dataSource(state)];
  return `${data} ${state.layers.map((l) => l.units).join("-") || "linear"}`;
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

/** Run an async action; an API error lands in `area`, never in the console. */
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
  const hash = `#${serializeState(app.state)}`;
  if (hash !== location.hash) window.history.replaceState(null, "", hash);
  app.writtenHash = location.hash;
}

function drawable() {
  if (app.job?.summary) return Boolean(app.job.summary.drawable);
  return !app.sample || Array.isArray(app.sample.x1);
}

function dataKind() {
  const problem = app.state.problem;
  if (problem !== "auto") return problem;
  return app.job?.summary?.kind || app.sample?.kind || catalogueEntry()?.kind || "classification";
}

function classCount() {
  return app.job?.summary?.classes || app.sample?.classes || catalogueEntry()?.classes || 2;
}

// ---------- rendering (all through the scheduler: at most ~30 draws a second) ----------

function latestMetrics() {
  const job = app.job;
  const history = lossChart.history;
  const last = history.step.length - 1;
  const fromHistory = last >= 0 ? {
    train_loss: history.train_loss[last], test_loss: history.test_loss[last],
    train_accuracy: history.train_accuracy[last], test_accuracy: history.test_accuracy[last],
  } : null;
  if (!job) return {};
  if (fromHistory && history.step[last] >= (job.step ?? 0)) return { ...job.metrics, ...fromHistory };
  return job.metrics || fromHistory || {};
}

function renderNumbers() {
  const job = app.job;
  $("epoch").textContent = formatEpoch(job ? job.epoch : 0);
  const metrics = latestMetrics();
  $("train-loss").textContent = formatLoss(metrics.train_loss);
  $("test-loss").textContent = formatLoss(metrics.test_loss);
  $("train-accuracy").textContent = formatAccuracy(metrics.train_accuracy);
  $("test-accuracy").textContent = formatAccuracy(metrics.test_accuracy);
  for (const node of document.querySelectorAll(".accuracy")) node.hidden = dataKind() === "regression";
  const mode = playButtonMode(job?.status ?? null);
  $("play").dataset.mode = mode.icon;
  $("play").setAttribute("aria-label", mode.label);
  $("step").disabled = Boolean(job && FINISHED.has(job.status));
  const connection = app.connection === "open" || app.connection === "idle" ? "idle" : app.connection;
  const status = describeStatus(connection, job);
  $("status").textContent = status.text;
  $("status").dataset.tone = status.tone;
  $("status").title = status.text;
  $("retry").hidden = app.connection !== "unreachable";
  const matrix = job?.metrics?.confusion_matrix;
  $("confusion").hidden = !(matrix && matrix.length && dataKind() === "classification");
  if (!$("confusion").hidden) renderConfusionMatrix($("confusion-matrix"), matrix);
}

function renderLoss() {
  lossChart.setLogScale(app.state.logScale);
  lossChart.setOverlays(app.state.compare.filter((id) => id !== app.job?.id && app.overlays.has(id))
    .map((id) => app.overlays.get(id)));
  lossChart.draw();
}

function renderBoundary() {
  boundaryChart.setView({ showTestData: app.state.showTestData, discretize: app.state.discretize });
  boundaryChart.showNeuron(app.hovered);
  let message = "";
  if (!drawable()) message = "This data has more than two input columns: there is no plane to draw.";
  else if (!app.sample) message = "Loading the data…";
  boundaryChart.setMessage(message);
  const caption = app.hovered ? `Showing ${app.hovered.label}.`
    : boundaryChart.boundary ? "The network's output over the plane." : "The data; press play or step to see the network's output.";
  $("boundary-caption").textContent = caption;
  $("boundary-chart").classList.toggle("editing", app.editing);
  boundaryChart.draw();
}

function renderNetwork() {
  const summary = app.job?.summary;
  const wide = summary && !summary.drawable && summary.features;
  const kind = dataKind();
  const outputUnits = app.model?.output?.units ?? (kind === "classification" && classCount() > 2 ? classCount() : 1);
  network.render({
    state: app.state,
    limits: app.limits,
    inputs: wide ? { toggles: false, names: summary.features } : { toggles: true },
    outputUnits,
    pictures: app.pictures,
    model: app.model,
  });
  const count = app.state.layers.length;
  $("layer-count").textContent = `${count} hidden layer${count === 1 ? "" : "s"}`;
  $("add-layer").disabled = count >= app.limits.max_hidden_layers;
  $("remove-layer").disabled = count === 0;
}

function renderControls() {
  controls.render(app.state, {
    source: dataSource(app.state),
    entry: catalogueEntry(),
    kind: app.sample?.kind || catalogueEntry()?.kind || "classification",
    classes: app.sample?.classes || catalogueEntry()?.classes || 2,
    uploads: app.uploads,
    uploadName: app.uploads.find((u) => u.id === app.state.upload)?.name,
    editing: app.editing,
    drawable: drawable(),
  });
}

function renderJobs() {
  const body = $("jobs");
  const rows = app.jobs.map((listed, index) => {
    // The page's own job is fresher here than in the list.
    const job = listed.id === app.job?.id ? { ...listed, ...app.job, metrics: { ...listed.metrics, ...latestMetrics() } } : listed;
    const tr = document.createElement("tr");
    if (job.id === app.job?.id) tr.className = "current";
    const compare = document.createElement("input");
    compare.type = "checkbox";
    compare.checked = app.state.compare.includes(job.id);
    compare.disabled = job.id === app.job?.id;
    compare.setAttribute("aria-label", `Compare the loss of ${job.name || job.id}`);
    compare.addEventListener("change", () => toggleCompare(job.id, compare.checked));
    const name = document.createElement("span");
    name.textContent = job.name || job.id.slice(0, 8);
    name.title = job.id;
    const cells = [compare, name, job.status, formatEpoch(job.epoch), formatLoss(job.metrics?.test_loss)];
    cells.forEach((content, i) => {
      const td = tr.insertCell();
      if (i >= 3) td.className = "num";
      if (typeof content === "string") td.textContent = content;
      else td.append(content);
      if (i === 0 && compare.checked && app.overlays.has(job.id)) {
        const style = overlayStyle(app.state.compare.filter((id) => id !== app.job?.id && app.overlays.has(id)).indexOf(job.id));
        const swatch = document.createElement("span");
        swatch.className = "swatch-line";
        swatch.style.borderTopColor = style.color;
        td.append(swatch);
      }
    });
    const open = document.createElement("button");
    open.type = "button";
    open.className = "link-button";
    open.textContent = job.id === app.job?.id ? "shown" : "open";
    open.disabled = job.id === app.job?.id;
    open.setAttribute("aria-label", `Open job ${job.name || job.id}`);
    open.addEventListener("click", guarded("jobs", () => openJob(job.id)));
    tr.insertCell().append(open);
    tr.dataset.index = String(index);
    return tr;
  });
  body.replaceChildren(...rows);
}

function renderAll() {
  scheduler.schedule("numbers", renderNumbers);
  scheduler.schedule("loss", renderLoss);
  scheduler.schedule("boundary", renderBoundary);
  scheduler.schedule("network", renderNetwork);
  scheduler.schedule("controls", renderControls);
  scheduler.schedule("jobs", renderJobs);
}

// ---------- the connection and the job's stream ----------

function setConnection(connection) {
  app.connection = connection;
  scheduler.schedule("numbers", renderNumbers);
}

function handleMessage(message) {
  switch (message.type) {
    case "snapshot":
      app.job = message.job;
      lossChart.setHistory({ ...emptyHistory(), ...(message.history || {}) });
      renderAll();
      refreshDetails();
      break;
    case "metrics": {
      lossChart.append(message.points || {});
      const steps = message.points?.step || [];
      if (app.job && steps.length) {
        const last = steps.length - 1;
        const epoch = message.points.epoch?.[last];
        app.job = { ...app.job, step: Math.max(app.job.step, steps[last]),
          epoch: Number.isFinite(epoch) ? Math.max(app.job.epoch, Math.floor(epoch + 1e-9)) : app.job.epoch };
      }
      scheduler.schedule("numbers", renderNumbers);
      scheduler.schedule("loss", renderLoss);
      scheduler.schedule("jobs", renderJobs);
      break;
    }
    case "status": {
      const before = app.job?.status;
      app.job = { ...(app.job || {}), status: message.status, step: message.step, epoch: message.epoch, error: message.error };
      if (before !== message.status) {
        refreshDetails();
        refreshJobs();
      }
      renderAll();
      break;
    }
    case "boundary":
      boundaryChart.setBoundary(withBoundaryKind(message));
      scheduler.schedule("boundary", renderBoundary);
      break;
    case "error":
      showError("run", message.detail || "The server refused a message");
      break;
    default:
      break;
  }
}

function withBoundaryKind(boundary) {
  return { ...boundary, kind: boundary.kind || dataKind(), classes: boundary.classes ?? classCount() };
}

function watch(job) {
  if (app.stream && app.stream.id === job.id) return;
  if (app.stream) app.stream.close();
  app.stream = openJobStream(job.id, {
    onMessage: handleMessage,
    onConnection: streamConnection,
    onGone: () => {
      notice(`Job ${job.id} was deleted on the server: press play to train these settings anew.`);
      detach({ pause: false });
      writeHash();
      renderAll();
    },
  });
}

let failedReconnects = 0;
function streamConnection(connection, attempt = 0) {
  if (connection === "open") failedReconnects = 0;
  if (connection === "reconnecting" && attempt >= 3) {
    failedReconnects = attempt;
    api.health().then(() => setConnection("reconnecting"), () => setConnection("unreachable"));
    return;
  }
  setConnection(connection);
}

/** Show `job` (fresh from the API) as the page's job and watch it. */
function attach(job) {
  app.job = job;
  app.state = { ...app.state, job: job.id };
  writeHash();
  watch(job);
  renderAll();
}

/** Forget the job (settings changed): the next play creates a new one. A running job is paused. */
function detach({ pause = true } = {}) {
  const job = app.job;
  if (app.stream) app.stream.close();
  app.stream = null;
  app.job = null;
  app.pictures = null;
  app.model = null;
  app.hovered = null;
  app.state = { ...app.state, job: "" };
  lossChart.setHistory(emptyHistory());
  boundaryChart.setBoundary(null);
  setConnection("idle");
  if (pause && job && job.status === "running") {
    guarded("run", async () => {
      const fresh = await api.job(job.id);
      if (fresh.status === "running") await api.pause(job.id);
      refreshJobs();
    })();
  }
}

let detailsInFlight = false;
/** Fetch what the stream does not carry: pictures, weights, latest metrics and confusion matrix. */
async function refreshDetails() {
  const job = app.job;
  if (!job || detailsInFlight) return;
  detailsInFlight = true;
  try {
    const fresh = await api.job(job.id);
    if (app.job?.id !== job.id) return;
    app.job = { ...app.job, ...fresh, epoch: Math.max(fresh.epoch, fresh.status === "running" ? app.job.epoch : fresh.epoch) };
    const pictures = fresh.summary?.drawable !== false;
    const [model, neurons, boundary] = await Promise.all([
      api.model(job.id),
      pictures ? api.neurons(job.id, NEURON_RESOLUTION) : null,
      pictures && !boundaryChart.boundary ? api.boundary(job.id, BOUNDARY_RESOLUTION) : null,
    ]);
    if (app.job?.id !== job.id) return;
    app.model = model;
    app.pictures = neurons;
    if (boundary) boundaryChart.setBoundary(withBoundaryKind(boundary));
    renderAll();
  } catch (error) {
    if (error?.unreachable) setConnection("unreachable");
    else showError("output", error);
  } finally {
    detailsInFlight = false;
  }
}

// ---------- acting on the job: play, step, reset ----------

/** The job as the server has it now (the page checks before it acts). */
async function freshJob() {
  if (!app.job) return null;
  const fresh = await api.job(app.job.id);
  app.job = { ...app.job, ...fresh };
  return fresh;
}

async function createJob(autostart) {
  const job = await api.createJob(pageSpec(), { name: jobName(), autostart });
  lossChart.setHistory(emptyHistory());
  boundaryChart.setBoundary(null);
  attach(job);
  refreshJobs();
  return job;
}

async function syncHistory() {
  const job = app.job;
  if (!job) return;
  const history = await api.metrics(job.id);
  if (app.job?.id === job.id) lossChart.setHistory({ ...emptyHistory(), ...history });
}

function exclusive(action) {
  return async () => {
    if (app.busy) return;
    app.busy = true;
    try {
      await action();
    } finally {
      app.busy = false;
      renderAll();
    }
  };
}

const play = exclusive(guarded("run", async () => {
  const job = await freshJob();
  for (const action of playPlan(job ? job.status : null)) {
    if (action === "create") {
      await createJob(true);
      break; // autostart covers the play
    }
    if (action === "pause") app.job = { ...app.job, ...(await api.pause(app.job.id)) };
    if (action === "reset") {
      app.job = { ...app.job, ...(await api.reset(app.job.id, pageSpec())) };
      lossChart.setHistory(emptyHistory());
    }
    if (action === "play") app.job = { ...app.job, ...(await api.play(app.job.id)) };
  }
  renderAll();
}));

const step = exclusive(guarded("run", async () => {
  const job = await freshJob();
  const plan = stepPlan(job ? job.status : null);
  if (!plan.length) {
    showError("run", `The job is ${job.status}: press reset (or play) to train again.`);
    return;
  }
  for (const action of plan) {
    if (action === "create") await createJob(false);
    if (action === "pause") app.job = { ...app.job, ...(await api.pause(app.job.id)) };
    if (action === "step") app.job = { ...app.job, ...(await api.step(app.job.id, 1)) };
  }
  await syncHistory();
  boundaryChart.setBoundary(null); // the step's weights: fetched fresh below
  await refreshDetails();
}));

const reset = exclusive(guarded("run", async () => {
  const job = await freshJob();
  if (!job) {
    renderAll();
    return;
  }
  app.job = { ...app.job, ...(await api.reset(job.id, pageSpec())) };
  lossChart.setHistory(emptyHistory());
  boundaryChart.setBoundary(null);
  app.pictures = null;
  await refreshDetails();
}));

// ---------- changes of settings ----------

function changeSetting(key, value, control) {
  const area = control?.closest(".data-panel") ? "data" : control?.closest(".advanced") ? "training" : "run";
  clearError(area);
  let next;
  try {
    if (key === "dataset") next = chooseDataset(value);
    else next = withChange(app.state, key, value);
  } catch (error) {
    showError(area, `${key}: ${error.message}`);
    renderControls();
    return;
  }
  applyState(next, area);
}

function chooseDataset(name) {
  const entry = catalogueEntry(name);
  const next = { ...app.state, dataset: name, upload: "", points: [] };
  if (entry?.params?.n_samples) next.samples = entry.params.n_samples.default;
  if (entry?.params?.classes) next.classes = entry.params.classes.default;
  return next;
}

/** Make `next` the page's state: a new job on the next play, a live patch, or just a redraw. */
function applyState(next, area = "run") {
  const keys = changedKeys(app.state, next);
  if (!keys.length) return;
  const kinds = new Set(keys.map(changeKind));
  const jobChanged = keys.includes("job");
  app.state = next;
  if (kinds.has("spec") && app.job) detach();
  else if (kinds.has("live") && app.job) patchLive(keys.filter((key) => changeKind(key) === "live"), area);
  writeHash();
  if (keys.some((key) => DATA_KEYS.has(key))) loadSample();
  if (keys.includes("compare")) loadOverlays();
  if (jobChanged && next.job && next.job !== app.job?.id) reconnect(next.job);
  renderAll();
}

function patchLive(keys, area) {
  const job = app.job;
  if (FINISHED.has(job.status)) {
    detach({ pause: false }); // a finished job cannot take new settings: the next play trains anew
    return;
  }
  const training = Object.fromEntries(keys.map((key) => [LIVE_FIELDS[key], app.state[key]]));
  guarded(area, async () => {
    const updated = await api.updateTraining(job.id, training);
    if (app.job?.id === job.id) app.job = { ...app.job, ...updated };
  })();
}

function editNetwork(edit) {
  clearError("network");
  let next = app.state;
  if (edit.type === "toggle-feature") next = toggleFeature(next, edit.feature);
  else if (edit.type === "add-neuron") next = addNeuron(next, edit.layer);
  else if (edit.type === "remove-neuron") next = removeNeuron(next, edit.layer);
  else if (edit.type === "layer") next = changeLayer(next, edit.layer, edit.change);
  if (next.layers.some((layer) => layer.units > app.limits.max_units)) {
    showError("network", `At most ${app.limits.max_units} neurons per layer on this server.`);
    return;
  }
  applyState(next);
}

function hoverNeuron(picture) {
  app.hovered = picture;
  scheduler.schedule("boundary", renderBoundary);
}

// ---------- data: samples, thumbnails, points by hand, CSV ----------

let sampleRequest = 0;
async function loadSample() {
  const dataset = pageSpec().dataset;
  const key = JSON.stringify(dataset);
  if (key === app.sampleKey && app.sample) return;
  const request = ++sampleRequest;
  app.sampleKey = key;
  try {
    const sample = await api.sample(dataset);
    if (request !== sampleRequest) return;
    app.sample = sample;
    clearError("data");
    // Generated and hand-placed points live on TF Playground's plane; an upload has its own.
    const uploaded = dataSource(app.state) === "upload";
    boundaryChart.setData(sample, uploaded ? planeRange(sample) : { x: [-6, 6], y: [-6, 6] });
  } catch (error) {
    if (request !== sampleRequest) return;
    app.sample = null;
    app.sampleKey = "";
    boundaryChart.setData(null);
    if (error?.unreachable) setConnection("unreachable");
    showError(dataSource(app.state) === "upload" ? "upload" : "data", error);
  }
  renderAll();
}

function planeRange(sample) {
  const span = (values) => {
    const finite = values.filter(Number.isFinite);
    if (!finite.length) return [-6, 6];
    const low = Math.min(...finite);
    const high = Math.max(...finite);
    const pad = (high - low || 1) * 0.05;
    return [low - pad, high + pad];
  };
  return { x: span(sample.x1 || []), y: span(sample.x2 || []) };
}

async function drawThumbnails() {
  await Promise.all(app.catalogue.map(async (entry) => {
    try {
      const sample = await api.sample({ name: entry.name, n_samples: THUMBNAIL_SAMPLES, noise: 0, seed: 0 });
      controls.drawThumbnail(entry.name, sample);
    } catch (error) {
      if (error?.unreachable) setConnection("unreachable");
      showError("data", error);
    }
  }));
}

function editPoint({ x, y, point }) {
  if (!app.editing || !app.sample) return;
  const round = (v) => Math.round(v * 100) / 100;
  let points = app.state.points.length
    ? app.state.points.map((p) => [...p])
    : app.sample.y.map((label, i) => [round(app.sample.x1[i]), round(app.sample.x2[i]), label]);
  if (point !== null) {
    const [px, py] = [app.sample.x1[point], app.sample.x2[point]];
    let nearest = -1;
    let best = Infinity;
    points.forEach(([qx, qy], i) => {
      const distance = Math.hypot(qx - px, qy - py);
      if (distance < best) [nearest, best] = [i, distance];
    });
    if (nearest >= 0) points.splice(nearest, 1);
    if (!points.length) {
      showError("output", "The last point cannot be removed: a dataset needs points.");
      return;
    }
  } else {
    if (points.length >= MAX_POINTS) {
      showError("output", `At most ${MAX_POINTS} points.`);
      return;
    }
    const label = dataKind() === "regression" ? app.state.pointClass : Math.max(0, Math.round(app.state.pointClass));
    points = [...points, [round(x), round(y), label]];
  }
  clearError("output");
  applyState({ ...app.state, points });
}

async function download() {
  const csv = await api.sampleCsv(pageSpec().dataset);
  const blob = new Blob([csv], { type: "text/csv" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  const name = { generator: app.state.dataset, upload: "upload", points: "points" }[dataSource(app.state)];
  link.download = `${name}-seed${app.state.dataSeed}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

async function upload({ file, labelColumn, kind }) {
  if (!file) {
    showError("upload", "Choose a CSV file first.");
    return;
  }
  if (file.size > app.limits.max_upload_bytes) {
    showError("upload", `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; at most ${(app.limits.max_upload_bytes / 1048576).toFixed(0)} MB.`);
    return;
  }
  const created = await api.upload(file, { labelColumn, kind });
  await refreshUploads();
  applyState({ ...app.state, upload: created.id, points: [] });
}

async function refreshUploads() {
  const datasets = await api.datasets();
  app.catalogue = datasets.filter((d) => d.builtin !== false);
  app.uploads = datasets.filter((d) => d.builtin === false);
}

function runAction(name, detail) {
  switch (name) {
    case "regenerate":
      applyState({ ...app.state, dataSeed: app.state.dataSeed + 1, points: [] });
      break;
    case "download":
      guarded("data", download)();
      break;
    case "upload":
      guarded("upload", upload)(detail);
      break;
    case "use-upload":
      if (detail) applyState({ ...app.state, upload: detail, points: [] });
      break;
    case "use-generator":
      applyState({ ...app.state, upload: "", points: [] });
      break;
    case "edit-points":
      app.editing = Boolean(detail);
      renderAll();
      break;
    default:
      break;
  }
}

// ---------- jobs: the list, reopening, comparing ----------

let jobsInFlight = false;
async function refreshJobs() {
  if (jobsInFlight || !app.started) return;
  jobsInFlight = true;
  try {
    const jobs = await api.jobs();
    app.jobs = [...jobs].sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
    clearError("jobs");
    scheduler.schedule("jobs", renderJobs);
    const stale = app.state.compare.some((id) => {
      const job = app.jobs.find((j) => j.id === id);
      return job && app.overlays.get(id)?.step !== job.step;
    });
    if (stale) loadOverlays();
  } catch (error) {
    if (error?.unreachable) setConnection("unreachable");
    else showError("jobs", error);
  } finally {
    jobsInFlight = false;
  }
}

function toggleCompare(id, on) {
  const compare = on ? [...app.state.compare, id] : app.state.compare.filter((other) => other !== id);
  applyState({ ...app.state, compare });
}

async function loadOverlays() {
  const known = new Set(app.jobs.map((job) => job.id));
  const wanted = app.state.compare.filter((id) => known.has(id));
  for (const id of [...app.overlays.keys()]) if (!wanted.includes(id)) app.overlays.delete(id);
  await Promise.all(wanted.map(async (id) => {
    const job = app.jobs.find((j) => j.id === id);
    try {
      const history = await api.metrics(id);
      app.overlays.set(id, { name: job.name || id.slice(0, 8), history: { ...emptyHistory(), ...history }, step: job.step });
    } catch (error) {
      showError("jobs", error);
    }
  }));
  scheduler.schedule("loss", renderLoss);
  scheduler.schedule("jobs", renderJobs);
}

async function openJob(id) {
  const job = await api.job(id);
  detach({ pause: false });
  app.state = { ...stateFromSpec(withCatalogueDefaults(job.spec, catalogueEntry(job.spec.dataset.name)), app.state), job: id };
  notice("");
  writeHash();
  loadSample();
  attach(job);
}

/** Reconnect to the job of the hash, when it still exists and has the settings the page shows. */
async function reconnect(id) {
  const jobs = await api.jobs(); // a list, not GET /jobs/{id}: a deleted job must not cost a 404
  const job = jobs.find((j) => j.id === id);
  if (!job) {
    notice(`Job ${id} is no longer on this server: press play to train these settings anew.`);
    app.state = { ...app.state, job: "" };
    writeHash();
    setConnection("idle");
    return;
  }
  const theirs = withCatalogueDefaults(job.spec, catalogueEntry(job.spec.dataset?.name));
  if (!specMatches(withoutLiveFields(pageSpec()), theirs)) {
    notice(`Job ${id} was trained with other settings than this link shows: press play to train these.`);
    app.state = { ...app.state, job: "" };
    writeHash();
    setConnection("idle");
    return;
  }
  attach(job);
  const live = Object.entries(LIVE_FIELDS).filter(([key, field]) => job.spec.training[field] !== app.state[key]);
  if (live.length && !FINISHED.has(job.status)) patchLive(live.map(([key]) => key), "run");
}

// ---------- start, keyboard, lifecycle ----------

async function start() {
  setConnection("connecting");
  clearError("run");
  try {
    const [, limits] = await Promise.all([refreshUploads(), api.limits()]);
    app.limits = { ...DEFAULT_LIMITS, ...limits };
  } catch (error) {
    setConnection("unreachable");
    showError("run", error?.unreachable ? "The server cannot be reached. It retries by itself, or press retry." : error);
    scheduleRetry();
    return;
  }
  app.started = true;
  controls.setup(app.catalogue, app.limits);
  const { state, problems } = parseHash(location.hash);
  if (!catalogueEntry(state.dataset)) {
    problems.push(`dataset='${state.dataset}' is not in this server's catalogue; showing ${defaultState().dataset}`);
    state.dataset = defaultState().dataset;
  }
  app.state = state;
  notice(problems.length ? `Some settings in the link were not understood: ${problems.join("; ")}.` : "");
  writeHash();
  renderAll();
  drawThumbnails();
  loadSample();
  if (state.job) await guarded("run", reconnect)(state.job);
  else setConnection("idle");
  loadOverlays();
  refreshJobs();
}

let retryTimer = null;
function scheduleRetry() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(retry, 5000);
}

function retry() {
  clearTimeout(retryTimer);
  if (!app.started) {
    start();
    return;
  }
  api.health().then(() => {
    clearError("run");
    if (app.job) {
      if (app.stream) app.stream.close();
      app.stream = null;
      watch(app.job);
    } else setConnection("idle");
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
  if (event.key === " " && !event.repeat && !event.ctrlKey && !event.metaKey && !event.altKey && !typingTarget(event.target)) {
    event.preventDefault();
    play();
  }
});

$("play").addEventListener("click", play);
$("step").addEventListener("click", step);
$("reset").addEventListener("click", reset);
$("retry").addEventListener("click", retry);
$("refresh-jobs").addEventListener("click", refreshJobs);
$("add-layer").addEventListener("click", () => applyState(addLayer(app.state)));
$("remove-layer").addEventListener("click", () => applyState(removeLayer(app.state)));

window.addEventListener("hashchange", () => {
  if (location.hash === app.writtenHash || !app.started) return;
  const { state, problems } = parseHash(location.hash);
  notice(problems.length ? `Some settings in the link were not understood: ${problems.join("; ")}.` : "");
  if (state.job !== app.state.job && app.job) detach({ pause: false });
  applyState(state);
});

let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => scheduler.schedule("network", renderNetwork), 150);
});

window.addEventListener("pagehide", () => {
  if (app.stream) app.stream.close();
});

setInterval(() => {
  if (document.hidden) return;
  if (app.job?.status === "running" && app.connection === "open") refreshDetails();
}, DETAIL_INTERVAL_MS);

setInterval(() => {
  if (!document.hidden) refreshJobs();
}, JOBS_INTERVAL_MS);

start();
