// The page's model: one table of properties that round-trips through location.hash.
// Pure: no DOM, no network. Every setting a person can change is a property here,
// so a hash is a complete, shareable description of the setup (seeds included).

export const FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"];
export const ACTIVATIONS = ["tanh", "relu", "leaky_relu", "sigmoid", "linear"];
export const OPTIMIZERS = ["sgd", "momentum", "rmsprop", "adam"];
export const REGULARIZATIONS = ["none", "l1", "l2"];
export const PROBLEMS = ["auto", "classification", "regression"];
export const INITS = ["xavier", "he", "playground", "article", "zeros"];
export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const MAX_HIDDEN_LAYERS = 16;
export const MAX_UNITS = 256;
export const MAX_POINTS = 5000;

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const NAME_PATTERN = /^[a-z0-9_]{1,40}$/;

// Which part of the page a property belongs to decides what a change to it does:
// "spec" needs a new job, "live" is patched into the running job, "view" only redraws.
const PROPERTIES = [
  { key: "dataset", part: "spec", type: "name", fallback: "circle" },
  { key: "upload", part: "spec", type: "id", fallback: "", optional: true },
  { key: "points", part: "spec", type: "points", fallback: [] },
  { key: "samples", part: "spec", type: "int", fallback: 500, min: 10, max: MAX_POINTS },
  { key: "noise", part: "spec", type: "number", fallback: 0, min: 0, max: 50 },
  { key: "classes", part: "spec", type: "int", fallback: 2, min: 2, max: 8 },
  { key: "trainRatio", part: "spec", type: "number", fallback: 50, min: 10, max: 90 },
  { key: "dataSeed", part: "spec", type: "int", fallback: 0, min: 0, max: 2 ** 31 - 1 },
  { key: "standardize", part: "spec", type: "bool", fallback: false },
  { key: "features", part: "spec", type: "features", fallback: ["x1", "x2"] },
  { key: "layers", part: "spec", type: "layers",
    fallback: [{ units: 4, activation: "tanh", dropout: 0 }, { units: 2, activation: "tanh", dropout: 0 }] },
  { key: "init", part: "spec", type: "enum", values: INITS, fallback: "xavier" },
  { key: "learningRate", part: "live", type: "number", fallback: 0.03, min: 0.00001, max: 10 },
  { key: "batchSize", part: "live", type: "int", fallback: 10, min: 1, max: 1000 },
  { key: "optimizer", part: "spec", type: "enum", values: OPTIMIZERS, fallback: "sgd" },
  { key: "momentum", part: "spec", type: "number", fallback: 0.9, min: 0, max: 0.999 },
  { key: "regularization", part: "spec", type: "enum", values: REGULARIZATIONS, fallback: "none" },
  { key: "regularizationRate", part: "live", type: "number", fallback: 0, min: 0, max: 10 },
  { key: "seed", part: "spec", type: "int", fallback: 0, min: 0, max: 2 ** 31 - 1 },
  { key: "maxEpochs", part: "spec", type: "int", fallback: null, min: 1, max: 1e9, optional: true },
  { key: "targetLoss", part: "spec", type: "number", fallback: null, min: 1e-12, max: 1e9, optional: true },
  { key: "problem", part: "spec", type: "enum", values: PROBLEMS, fallback: "auto" },
  { key: "showTestData", part: "view", type: "bool", fallback: false },
  { key: "discretize", part: "view", type: "bool", fallback: false },
  { key: "logScale", part: "view", type: "bool", fallback: false },
  { key: "pointClass", part: "view", type: "number", fallback: 0, min: -1e9, max: 1e9 },
  { key: "compare", part: "view", type: "ids", fallback: [] },
  { key: "job", part: "view", type: "id", fallback: "", optional: true },
];

const BY_KEY = new Map(PROPERTIES.map((property) => [property.key, property]));

export const STATE_KEYS = PROPERTIES.map((property) => property.key);

/** "spec" | "live" | "view": what a change of `key` means for the job. */
export function changeKind(key) {
  const property = BY_KEY.get(key);
  if (!property) throw new Error(`unknown setting '${key}' (expected one of ${STATE_KEYS.join(", ")})`);
  return property.part;
}

export function defaultState() {
  const state = {};
  for (const property of PROPERTIES) state[property.key] = copy(property.fallback);
  return state;
}

function copy(value) {
  return value === null || typeof value !== "object" ? value : structuredClone(value);
}

// ---- encoding of one value as hash text, and back ----

// String(number) is the shortest text that parses back to the same double.
const formatNumber = (value) => String(value);

function encodeValue(property, value) {
  switch (property.type) {
    case "bool": return value ? "1" : "0";
    case "int": case "number": return value === null ? "" : formatNumber(value);
    case "features": case "ids": return value.join(",");
    case "layers":
      return value.map((l) => [l.units, l.activation, ...(l.dropout ? [formatNumber(l.dropout)] : [])]
        .join(":")).join(",");
    case "points": return value.map((p) => p.map(formatNumber).join(",")).join(";");
    default: return String(value);
  }
}

class ValueError extends Error {}

function parseNumber(text, property, integer) {
  if (text === "" && property.optional) return null;
  if (!/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) {
    throw new ValueError(`expected ${integer ? "an integer" : "a number"}`);
  }
  const value = Number(text);
  if (integer && !Number.isInteger(value)) throw new ValueError("expected an integer");
  if (value < property.min || value > property.max) {
    throw new ValueError(`expected ${property.min} to ${property.max}`);
  }
  return value;
}

function parseLayer(text) {
  const [units, activation = "tanh", dropout = "0", ...rest] = text.split(":");
  if (rest.length || !/^\d+$/.test(units) || Number(units) < 1 || Number(units) > MAX_UNITS) {
    throw new ValueError(`expected units:activation[:dropout] with 1 to ${MAX_UNITS} units`);
  }
  if (!ACTIVATIONS.includes(activation)) {
    throw new ValueError(`expected an activation among ${ACTIVATIONS.join(", ")}`);
  }
  const rate = Number(dropout);
  if (!/^\d*\.?\d+$/.test(dropout) || !(rate >= 0 && rate < 1)) {
    throw new ValueError("expected a dropout rate from 0 to below 1");
  }
  return { units: Number(units), activation, dropout: rate };
}

function parsePoint(text) {
  const numbers = text.split(",");
  if (numbers.length !== 3 || numbers.some((n) => !Number.isFinite(Number(n)) || n === "")) {
    throw new ValueError("expected points as x1,x2,label;...");
  }
  return numbers.map(Number);
}

function parseList(text) {
  return text === "" ? [] : text.split(",");
}

function decodeValue(property, text) {
  switch (property.type) {
    case "bool":
      if (text !== "0" && text !== "1" && text !== "true" && text !== "false") {
        throw new ValueError("expected 0 or 1");
      }
      return text === "1" || text === "true";
    case "int": return parseNumber(text, property, true);
    case "number": return parseNumber(text, property, false);
    case "enum":
      if (!property.values.includes(text)) {
        throw new ValueError(`expected one of ${property.values.join(", ")}`);
      }
      return text;
    case "name":
      if (!NAME_PATTERN.test(text)) throw new ValueError("expected a dataset name such as spiral");
      return text;
    case "id":
      if (text === "" && property.optional) return "";
      if (!ID_PATTERN.test(text)) throw new ValueError("expected an id of letters, digits, - and _");
      return text;
    case "ids": {
      const ids = parseList(text);
      if (ids.some((id) => !ID_PATTERN.test(id))) throw new ValueError("expected ids separated by commas");
      return [...new Set(ids)];
    }
    case "features": {
      const names = parseList(text);
      const unknown = names.filter((name) => !FEATURES.includes(name));
      if (unknown.length) throw new ValueError(`unknown feature ${unknown.join(", ")}`);
      if (!names.length) throw new ValueError("expected at least one feature");
      return FEATURES.filter((name) => names.includes(name));
    }
    case "layers": {
      const layers = parseList(text).map(parseLayer);
      if (layers.length > MAX_HIDDEN_LAYERS) {
        throw new ValueError(`expected at most ${MAX_HIDDEN_LAYERS} hidden layers`);
      }
      return layers;
    }
    case "points": {
      const points = text === "" ? [] : text.split(";").map(parsePoint);
      if (points.length > MAX_POINTS) throw new ValueError(`expected at most ${MAX_POINTS} points`);
      return points;
    }
    default: throw new Error(`no decoder for ${property.type}`);
  }
}

// Commas, colons and semicolons are legal in a fragment; leaving them readable keeps links short.
function escape(text) {
  return encodeURIComponent(text).replace(/%2C/g, ",").replace(/%3A/g, ":").replace(/%3B/g, ";");
}

/** The hash text (without "#") of a state: every property, in table order. */
export function serializeState(state) {
  return PROPERTIES.map((p) => `${p.key}=${escape(encodeValue(p, state[p.key]))}`).join("&");
}

/**
 * A state from a hash ("#a=1&b=2" or "a=1&b=2"). Missing keys take their defaults; a bad
 * value keeps the default and adds a problem that names the key, the value and what was expected.
 */
export function parseHash(hash) {
  const state = defaultState();
  const problems = [];
  const text = (hash || "").replace(/^#/, "");
  for (const pair of text.split("&")) {
    if (!pair) continue;
    const cut = pair.indexOf("=");
    const key = safeDecode(cut < 0 ? pair : pair.slice(0, cut));
    const raw = safeDecode(cut < 0 ? "" : pair.slice(cut + 1));
    const property = BY_KEY.get(key);
    if (!property) {
      problems.push(`unknown setting '${key}' ignored`);
      continue;
    }
    try {
      state[key] = decodeValue(property, raw);
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      problems.push(`${key}='${raw}' ignored: ${error.message}`);
    }
  }
  return { state, problems };
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A copy of `state` with one property changed; a value the hash could not carry is refused. */
export function withChange(state, key, value) {
  const property = BY_KEY.get(key);
  if (!property) throw new Error(`unknown setting '${key}'`);
  decodeValue(property, encodeValue(property, value)); // throws when out of range
  return { ...state, [key]: copy(value) };
}

// ---- the job spec the page shows ----

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
    },
  };
}

/** The state that shows `spec` (a job's), keeping `base`'s view settings. */
export function stateFromSpec(spec, base = defaultState()) {
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
    features: FEATURES.filter((f) => (spec.features || fallback.features).includes(f)),
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

// ---- edits of the hidden layers (add-layer adds exactly one hidden layer) ----

export function addLayer(state) {
  if (state.layers.length >= MAX_HIDDEN_LAYERS) return state;
  const last = state.layers.at(-1);
  const layer = last ? { ...last, dropout: 0 } : { units: 4, activation: "tanh", dropout: 0 };
  return { ...state, layers: [...state.layers, layer] };
}

export function removeLayer(state) {
  return state.layers.length ? { ...state, layers: state.layers.slice(0, -1) } : state;
}

export function changeLayer(state, index, change) {
  if (!state.layers[index]) throw new Error(`no hidden layer ${index} (there are ${state.layers.length})`);
  const layers = state.layers.map((layer, i) => (i === index ? { ...layer, ...change } : layer));
  const units = layers[index].units;
  if (!(Number.isInteger(units) && units >= 1 && units <= MAX_UNITS)) return state;
  return { ...state, layers };
}

export function addNeuron(state, index) {
  return changeLayer(state, index, { units: state.layers[index].units + 1 });
}

export function removeNeuron(state, index) {
  return changeLayer(state, index, { units: state.layers[index].units - 1 });
}

export function toggleFeature(state, name) {
  if (!FEATURES.includes(name)) throw new Error(`unknown feature '${name}'`);
  const on = state.features.includes(name);
  if (on && state.features.length === 1) return state; // a network needs an input
  const chosen = on ? state.features.filter((f) => f !== name) : [...state.features, name];
  return { ...state, features: FEATURES.filter((f) => chosen.includes(f)) };
}

/** The keys whose values differ between two states. */
export function changedKeys(before, after) {
  return STATE_KEYS.filter((key) => encodeValue(BY_KEY.get(key), before[key])
    !== encodeValue(BY_KEY.get(key), after[key]));
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
  const { learning_rate: _l, batch_size: _b, regularization_rate: _r, ...training } = spec.training;
  return { ...spec, training };
}
