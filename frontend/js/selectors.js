// What the page shows, read off the store's state. Pure: no DOM, no network, so the rules
// are tested with `node --test`.

import { emptyHistory } from "./history.js";
import { buildSpec, dataSource } from "./job-spec.js";
import { drawnCount, MAX_DRAWN, networkShape } from "./network-shape.js";
import { defaultState } from "./state.js";

const PLANE = { x: [-6, 6], y: [-6, 6] };

/** The store's state when the page opens: nothing known of the server yet. */
export function initialPage() {
  return {
    settings: defaultState(), // the hash's properties (state.js)
    rules: null, // {choices, limits} of the server
    me: null, // GET /api/me: {multi_user, nickname, teacher, quotas}
    started: false,
    connection: "connecting",
    catalogue: [],
    uploads: [],
    sample: null, // the points of the page's data
    editing: false,
    hovered: null, // the neuron picture under the pointer
    jobs: [],
    overlays: new Map(), // job id -> {name, history, step}
    job: null, // the page's job as the API describes it
    history: emptyHistory(),
    boundary: null,
    model: null,
    pictures: null,
    preview: null, // the untrained network of the settings and every feature's picture (preview.js)
  };
}

/** The preview when it shows the network of the settings (one is on its way after a change). */
function fittingPreview(page) {
  const model = page.preview?.model;
  if (!model) return null;
  const units = page.settings.layers.map((layer) => layer.units).join();
  const fits = model.layers.map((layer) => layer.units).join() === units
    && (wideColumns(page) || model.features.join() === page.settings.features.join());
  return fits ? page.preview : null;
}

// Until the job sends its own pictures, the page shows the untrained network of its settings.
// Image data have no plane: their first hidden layer shows its weights (image-panel.js).
// A past epoch on the timeline (timeline.js) wins over the live pictures.
const past = (page, key) => (page.timeline?.model ? page.timeline[key] : undefined);
export const shownBoundary = (page) => past(page, "boundary") ?? page.boundary ?? fittingPreview(page)?.boundary ?? null;
export const shownPictures = (page) => past(page, "pictures") ?? page.pictures ?? page.weightPictures ?? fittingPreview(page)?.neurons ?? null;
export const shownModel = (page) => past(page, "model") ?? page.model ?? fittingPreview(page)?.model ?? null;

export function catalogueEntry(page, name = page.settings.dataset) {
  return page.catalogue.find((entry) => entry.name === name) || null;
}

export function uploadName(page) {
  return page.uploads.find((upload) => upload.id === page.settings.upload)?.name;
}

/** A real dataset of the catalogue (tabular or image: every column an input), or null. */
export function realEntry(page) {
  const entry = dataSource(page.settings) === "generator" ? catalogueEntry(page) : null;
  return entry?.modality && entry.modality !== "plane" ? entry : null;
}

/** The input columns of data wider than the plane (an upload, real data), or null for 2-D data. */
export function wideColumns(page) {
  const summary = page.job?.summary;
  if (summary) return summary.drawable ? null : summary.features;
  if (realEntry(page)) return realEntry(page).feature_names;
  const columns = dataSource(page.settings) === "upload" ? page.sample?.columns : null;
  return columns && columns.length > 2 ? columns : null;
}

export function drawable(page) {
  return wideColumns(page) === null;
}

/** The job spec of the page's settings: exactly what the page shows. */
export function pageSpec(page) {
  const spec = buildSpec(page.settings, { hasClasses: Boolean(catalogueEntry(page)?.params?.classes) });
  // A wide upload's columns are the inputs as they are: the API takes no features for it.
  if (wideColumns(page)) spec.features = ["x1", "x2"];
  // Real data has a fixed size: a generator's parameters do not apply to it.
  if (realEntry(page)) for (const key of ["n_samples", "noise", "classes"]) delete spec.dataset[key];
  return spec;
}

/** How a network reads in a name: "3x8 relu", "4-2 tanh", "linear". */
export function networkWords(layers) {
  if (!layers.length) return "linear";
  const units = layers.map((l) => l.units);
  const shape = units.every((u) => u === units[0]) && units.length > 1 ? `${units.length}x${units[0]}` : units.join("-");
  const activations = [...new Set(layers.map((l) => l.activation))].join("/");
  return `${shape} ${activations}`;
}

/** Words for what a run's settings are, the ones people vary first: "circle 4-2 tanh lr 0.03". */
export function runWords(page) {
  const s = page.settings;
  const defaults = defaultState();
  const data = { generator: s.dataset, upload: uploadName(page) || "upload", points: "points" }[dataSource(s)];
  const words = [data, networkWords(s.layers), `lr ${s.learningRate}`];
  if (s.batchSize !== defaults.batchSize) words.push(`batch ${s.batchSize}`);
  if (s.optimizer !== defaults.optimizer) words.push(s.optimizer);
  if (s.regularization !== "none") words.push(`${s.regularization} ${s.regularizationRate}`);
  if (s.features.join() !== defaults.features.join()) words.push(s.features.join(" "));
  if (s.noise) words.push(`noise ${s.noise}`);
  return words.join(" ");
}

/** A name for a new job that says what it is and differs from every listed job's. */
export function jobName(page) {
  const words = runWords(page);
  const taken = new Set(page.jobs.map((job) => job.name));
  if (!taken.has(words)) return words;
  let n = 2;
  while (taken.has(`${words} #${n}`)) n += 1;
  return `${words} #${n}`;
}

/** What the data of the page is, before any job says so: the sample's kind, else the catalogue's. */
export function sampleKind(page) {
  return page.sample?.kind || catalogueEntry(page)?.kind || "classification";
}

export function dataKind(page) {
  if (page.settings.problem !== "auto") return page.settings.problem;
  return page.job?.summary?.kind || sampleKind(page);
}

export function classCount(page) {
  return page.job?.summary?.classes || page.sample?.classes || catalogueEntry(page)?.classes || 2;
}

/**
 * The classes' names as the page knows them before a job answers (a real dataset's, an
 * upload's text labels), else their indices as text: one per class of `classCount(page)`.
 */
export function classNames(page) {
  const source = dataSource(page.settings);
  const known = source === "generator" ? catalogueEntry(page)?.class_names
    : source === "upload" ? page.uploads.find((upload) => upload.id === page.settings.upload)?.class_names : null;
  const count = classCount(page);
  return known?.length === count ? known : Array.from({ length: count }, (_, c) => String(c));
}

/** The job's metrics, with the losses of the newest history point when it is as new as the job. */
export function latestMetrics(page) {
  const { job, history } = page;
  if (!job) return {};
  const last = history.step.length - 1;
  if (last >= 0 && history.step[last] >= (job.step ?? 0)) {
    return { ...job.metrics, train_loss: history.train_loss[last], test_loss: history.test_loss[last],
      train_accuracy: history.train_accuracy[last], test_accuracy: history.test_accuracy[last] };
  }
  return job.metrics || {};
}

/** The ids of other jobs whose test loss the loss chart draws. */
export function drawnOverlays(page) {
  return page.settings.compare.filter((id) => id !== page.job?.id && page.overlays.has(id));
}

function paddedSpan(values) {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return PLANE.x;
  const [low, high] = [Math.min(...finite), Math.max(...finite)];
  const pad = (high - low || 1) * 0.05;
  return [low - pad, high + pad];
}

/**
 * The part of the plane the boundary chart shows: the boundary's own axes, else an upload's
 * first two columns padded by 5%, else TF Playground's [-6, 6]^2.
 */
export function planeRange(page) {
  const { sample } = page;
  const boundary = shownBoundary(page);
  if (boundary?.x?.length) return { x: [boundary.x[0], boundary.x.at(-1)], y: [boundary.y[0], boundary.y.at(-1)] };
  if (dataSource(page.settings) === "upload" && sample) {
    return { x: paddedSpan(sample.x1 || []), y: paddedSpan(sample.x2 || []) };
  }
  return PLANE;
}

/** The columns the diagram's input column shows: the server's features, or a wide upload's. */
export function diagramInputs(page) {
  const wide = wideColumns(page);
  return wide ? { toggles: false, names: wide } : { toggles: true, names: page.rules.choices.features };
}

export function outputUnits(page) {
  const classes = classCount(page);
  return page.model?.output?.units ?? (dataKind(page) === "classification" && classes > 2 ? classes : 1);
}

/** Units of each hidden layer the diagram shows: all the server is asked to draw of them. */
export function unitsPerLayer(page) {
  if (!page.rules) return MAX_DRAWN;
  return drawnCount(networkShape(page.settings, diagramInputs(page), outputUnits(page)));
}
