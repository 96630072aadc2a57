// The job spec the page shows, and the way back from a job's spec to the page's state.
// Pure: no DOM, no network.

import { defaultState } from "./state.js";

/** Where the data comes from: "points" (added by hand), "upload" or "generator". */
export function dataSource(state) {
  if (state.points.length) return "points";
  if (state.upload) return "upload";
  return "generator";
}

/**
 * The job spec (nnplayground.spec.JobSpec) of a state. `hasClasses` says whether the
 * chosen generator takes a number of classes (from the catalogue).
 */
export function buildSpec(state, { hasClasses = false } = {}) {
  const source = dataSource(state);
  const common = { train_ratio: state.trainRatio, seed: state.dataSeed, standardize: state.standardize };
  let dataset;
  if (source === "points") dataset = { points: state.points.map((p) => [...p]), ...common };
  else if (source === "upload") dataset = { id: state.upload, ...common };
  else {
    dataset = { name: state.dataset, n_samples: state.samples, noise: state.noise, ...common };
    if (hasClasses) dataset.classes = state.classes;
  }
  return {
    dataset,
    features: [...state.features],
    network: {
      hidden: state.layers.map((l) => ({ units: l.units, activation: l.activation, dropout: l.dropout })),
      init: state.init,
    },
    training: {
      learning_rate: state.learningRate,
      batch_size: state.batchSize,
      optimizer: state.optimizer,
      momentum: state.momentum,
      regularization: state.regularization,
      regularization_rate: state.regularizationRate,
      seed: state.seed,
      max_epochs: state.maxEpochs,
      target_loss: state.targetLoss,
      problem: state.problem,
      speed: apiSpeed(state.speed),
    },
  };
}

// Settings a running job takes without a new job: state key -> the API's training field.
export const LIVE_FIELDS = {
  learningRate: "learning_rate", batchSize: "batch_size", regularizationRate: "regularization_rate", speed: "speed",
};

/** The API's training fields of the live settings `keys` of `settings` (for a PATCH). */
export function liveTraining(settings, keys) {
  return Object.fromEntries(keys.map((key) => [LIVE_FIELDS[key], settings[key]]));
}

/** The page's live settings of a job's `training` (what every page watching it shows). */
export function liveSettings(training) {
  return Object.fromEntries(Object.entries(LIVE_FIELDS).map(([key, field]) =>
    [key, field === "speed" ? training.speed ?? "max" : training[field]]));
}

/** The API's `training.speed` of the page's speed ("max": null, as fast as it can). */
export const apiSpeed = (speed) => (speed === "max" ? null : speed);

/**
 * The state that shows `spec` (a job's), keeping `base`'s view settings; the features in
 * the order of the server's `rules.choices`.
 */
export function stateFromSpec(spec, base, { choices }) {
  const d = spec.dataset;
  const t = spec.training || {};
  const fallback = defaultState();
  const pick = (value, key) => (value === undefined ? fallback[key] : value);
  return {
    ...base,
    dataset: d.name ?? base.dataset,
    upload: d.id ?? "",
    points: d.points ? d.points.map((p) => [...p]) : [],
    samples: pick(d.n_samples ?? undefined, "samples"),
    noise: pick(d.noise ?? undefined, "noise"),
    classes: pick(d.classes ?? undefined, "classes"),
    trainRatio: pick(d.train_ratio, "trainRatio"),
    dataSeed: pick(d.seed, "dataSeed"),
    standardize: pick(d.standardize, "standardize"),
    features: choices.features.filter((f) => (spec.features || fallback.features).includes(f)),
    layers: (spec.network?.hidden ?? fallback.layers).map((l) => ({
      units: l.units ?? 4, activation: l.activation ?? "tanh", dropout: l.dropout ?? 0,
    })),
    init: pick(spec.network?.init, "init"),
    learningRate: pick(t.learning_rate, "learningRate"),
    batchSize: pick(t.batch_size, "batchSize"),
    optimizer: pick(t.optimizer, "optimizer"),
    momentum: pick(t.momentum, "momentum"),
    regularization: pick(t.regularization, "regularization"),
    regularizationRate: pick(t.regularization_rate, "regularizationRate"),
    seed: pick(t.seed, "seed"),
    maxEpochs: t.max_epochs ?? null,
    targetLoss: t.target_loss ?? null,
    problem: pick(t.problem, "problem"),
    speed: t.speed ?? "max",
  };
}

/**
 * Whether a job's spec is the one the page shows: every field the page sets has the same
 * value in the job's spec (the server fills in defaults for the fields the page leaves out).
 */
export function specMatches(pageSpec, jobSpec) {
  if (pageSpec === null || typeof pageSpec !== "object") {
    return pageSpec === jobSpec || (pageSpec === null && jobSpec === undefined);
  }
  if (Array.isArray(pageSpec)) {
    return Array.isArray(jobSpec) && jobSpec.length === pageSpec.length
      && pageSpec.every((item, i) => specMatches(item, jobSpec[i]));
  }
  if (jobSpec === null || typeof jobSpec !== "object") return false;
  return Object.keys(pageSpec).every((key) => specMatches(pageSpec[key], jobSpec[key]));
}

/**
 * A job spec with the dataset fields it left to the generator (null or missing) filled in
 * from the catalogue `entry`, so it compares with the page's explicit spec.
 */
export function withCatalogueDefaults(spec, entry) {
  if (!entry || !spec.dataset?.name) return spec;
  const dataset = { ...spec.dataset };
  for (const field of ["n_samples", "noise", "classes"]) {
    if ((dataset[field] === null || dataset[field] === undefined) && entry.params?.[field]) {
      dataset[field] = entry.params[field].default;
    }
  }
  return { ...spec, dataset };
}

/** The spec without the fields that change live (a job's may differ while it is patched). */
export function withoutLiveFields(spec) {
  const { learning_rate: _l, batch_size: _b, regularization_rate: _r, speed: _s, ...training } = spec.training;
  return { ...spec, training };
}
