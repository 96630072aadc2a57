// The page's model: one table of properties that round-trips through location.hash.
// Pure: no DOM, no network. Every setting a person can change is a property here,
// so a hash is a complete, shareable description of the setup (seeds included).
// The server's choices and limits (`rules`: {choices: GET /api/choices, limits: GET
// /api/limits}) come in as an argument instead of being copied here.

import { ValueError, decodeValue, encodeValue } from "./setting-values.js";

// Which part of the page a property belongs to decides what a change to it does:
// "spec" needs a new job, "live" is patched into the running job, "view" only redraws.
const PROPERTIES = [
  { key: "dataset", part: "spec", type: "name", fallback: "circle" },
  { key: "upload", part: "spec", type: "id", fallback: "", optional: true },
  { key: "points", part: "spec", type: "points", fallback: [] },
  { key: "samples", part: "spec", type: "int", fallback: 500, min: 10, max: (r) => r.limits.max_samples },
  { key: "noise", part: "spec", type: "number", fallback: 0, min: 0, max: 50 },
  { key: "classes", part: "spec", type: "int", fallback: 2, min: 2, max: 8 },
  { key: "trainRatio", part: "spec", type: "number", fallback: 50, min: 10, max: 90 },
  { key: "dataSeed", part: "spec", type: "int", fallback: 0, min: 0, max: 2 ** 31 - 1 },
  { key: "standardize", part: "spec", type: "bool", fallback: false },
  { key: "features", part: "spec", type: "features", fallback: ["x1", "x2"] },
  { key: "layers", part: "spec", type: "layers",
    fallback: [{ units: 4, activation: "tanh", dropout: 0 }, { units: 2, activation: "tanh", dropout: 0 }] },
  { key: "init", part: "spec", type: "enum", choice: "inits", fallback: "xavier" },
  { key: "learningRate", part: "live", type: "number", fallback: 0.03,
    min: (r) => r.limits.learning_rate.min, max: (r) => r.limits.learning_rate.max },
  { key: "batchSize", part: "live", type: "int", fallback: 10, min: 1, max: (r) => r.limits.max_batch_size },
  { key: "optimizer", part: "spec", type: "enum", choice: "optimizers", fallback: "sgd" },
  { key: "momentum", part: "spec", type: "number", fallback: 0.9, min: 0, max: 0.999 },
  { key: "regularization", part: "spec", type: "enum", choice: "regularizations", fallback: "none" },
  { key: "regularizationRate", part: "live", type: "number", fallback: 0, min: 0,
    max: (r) => r.limits.max_regularization_rate },
  { key: "speed", part: "live", type: "speed", fallback: "max", min: 0.001, max: 1000 },
  { key: "seed", part: "spec", type: "int", fallback: 0, min: 0, max: 2 ** 31 - 1 },
  { key: "keepSeed", part: "view", type: "bool", fallback: false },
  { key: "maxEpochs", part: "spec", type: "int", fallback: null, min: 1, max: 1e9, optional: true },
  { key: "targetLoss", part: "spec", type: "number", fallback: null, min: 1e-12, max: 1e9, optional: true },
  { key: "problem", part: "spec", type: "enum", choice: "problems", fallback: "auto" },
  { key: "showTestData", part: "view", type: "bool", fallback: false },
  { key: "discretize", part: "view", type: "bool", fallback: false },
  { key: "logScale", part: "view", type: "bool", fallback: false },
  { key: "pointClass", part: "view", type: "number", fallback: 0, min: -1e9, max: 1e9 },
  { key: "pointSplit", part: "view", type: "word", words: ["train", "test"], fallback: "train" },
  { key: "lossWindow", part: "view", type: "int", fallback: 0, min: 0, max: 1e9 },
  { key: "compare", part: "view", type: "ids", fallback: [] },
  { key: "job", part: "view", type: "id", fallback: "", optional: true },
  // Classroom: the controls a link hides (hide-controls.js knows the names), the projector layout.
  { key: "hide", part: "view", type: "names", fallback: [] },
  { key: "present", part: "view", type: "bool", fallback: false },
  { key: "smoothing", part: "view", type: "number", fallback: 0, min: 0, max: 0.99 },
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

// Commas, colons and semicolons are legal in a fragment; leaving them readable keeps links short.
function escape(text) {
  return encodeURIComponent(text).replace(/%2C/g, ",").replace(/%3A/g, ":").replace(/%3B/g, ";");
}

/** The hash text (without "#") of a state: every property, in table order. */
export function serializeState(state) {
  return PROPERTIES.map((p) => `${p.key}=${escape(encodeValue(p, state[p.key]))}`).join("&");
}

/**
 * A state from a hash ("#a=1&b=2" or "a=1&b=2") under the server's `rules`. Missing keys take
 * their defaults; a bad value keeps the default and adds a problem that names the key, the
 * value and what was expected.
 */
export function parseHash(hash, rules) {
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
      state[key] = decodeValue(property, raw, rules);
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
export function withChange(state, key, value, rules) {
  const property = BY_KEY.get(key);
  if (!property) throw new Error(`unknown setting '${key}'`);
  decodeValue(property, encodeValue(property, value), rules); // throws when out of range
  return { ...state, [key]: copy(value) };
}

/** The keys whose values differ between two states. */
export function changedKeys(before, after) {
  return STATE_KEYS.filter((key) => encodeValue(BY_KEY.get(key), before[key])
    !== encodeValue(BY_KEY.get(key), after[key]));
}

