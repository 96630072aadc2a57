// What the sweep panel asks the server for, as pure functions: the axes a person can
// choose, the values typed for each, and the POST /api/sweeps body they make.

/** Axes of the panel: a spec path, a label, and how typed text becomes values. */
export const SWEEP_AXES = [
  { path: "training.learning_rate", label: "Learning rate", example: "0.01, 0.03, 0.1", parse: numbers },
  { path: "training.optimizer", label: "Optimizer", example: "sgd, adam", parse: words },
  { path: "network.hidden", label: "Hidden layers", example: "8, 8-8, 4-4-4", parse: layers },
  { path: "training.batch_size", label: "Batch size", example: "10, 30", parse: numbers },
  { path: "training.regularization_rate", label: "Regularization rate", example: "0, 0.001, 0.01", parse: numbers },
  { path: "training.regularization", label: "Regularization", example: "none, l2", parse: words },
  { path: "network.init", label: "Weight init", example: "xavier, he", parse: words },
];

function items(text) {
  return String(text).split(",").map((item) => item.trim()).filter(Boolean);
}

function numbers(text) {
  return items(text).map((item) => {
    const value = Number(item);
    if (!Number.isFinite(value)) throw new Error(`'${item}' is not a number`);
    return value;
  });
}

function words(text) {
  return items(text);
}

/** "8-8" is two hidden layers of 8 units (the page's activation); "0" or "none" is none. */
function layers(text, activation = "tanh") {
  return items(text).map((item) => {
    if (item === "0" || item === "none") return [];
    return item.split("-").map((units) => {
      const value = Number(units);
      if (!Number.isInteger(value) || value < 1) throw new Error(`'${item}': give layer sizes like 8-8`);
      return { units: value, activation };
    });
  });
}

export function axisByPath(path) {
  return SWEEP_AXES.find((axis) => axis.path === path);
}

/**
 * The body of POST /api/sweeps: `base` is the page's spec; `rows` [{path, text}] the chosen
 * axes; `options` {repeats, maxEpochs, maxParallel}. Throws an Error naming a bad row.
 */
export function sweepRequest(base, rows, { repeats = 1, maxEpochs = 50, maxParallel = 4 } = {}) {
  const grid = {};
  for (const { path, text } of rows) {
    const axis = axisByPath(path);
    if (!axis) throw new Error(`unknown axis ${path}`);
    if (grid[path]) throw new Error(`${axis.label} is chosen twice`);
    let values;
    try {
      values = axis.parse(text, base.network?.hidden?.[0]?.activation);
    } catch (error) {
      throw new Error(`${axis.label}: ${error.message}`);
    }
    if (!values.length) throw new Error(`${axis.label}: give at least one value, e.g. ${axis.example}`);
    grid[path] = values;
  }
  if (!Object.keys(grid).length) throw new Error("choose at least one axis");
  const training = { ...base.training, max_epochs: maxEpochs };
  return { base: { ...base, training }, grid, repeats, max_parallel: maxParallel };
}

/** `learning_rate=0.03 hidden=8-8`: a member's values without their paths, for names. */
export function valuesLabel(values) {
  return Object.entries(values)
    .map(([path, value]) => `${path.split(".").pop()}=${formatValue(value)}`)
    .join(" ");
}

export function formatValue(value) {
  if (Array.isArray(value)) return value.map((layer) => layer.units).join("-") || "none";
  return String(value);
}
