// `hide=` in the hash: the controls a link hides, so that a teacher can hand out a focused
// exercise (as TF Playground's hide list). A hidden control keeps the value the hash gives
// it. The hiding is one generated style sheet, so parts of the page drawn later (the network
// diagram) are hidden too.

// name, what a person reads, other names accepted (TF Playground's), what it hides.
// `css` instead of `hide`: controls that stay visible but cannot be used.
export const HIDABLE = [
  { name: "play", label: "Play button", aliases: ["playButton"], hide: ["#play"] },
  { name: "step", label: "Step button", aliases: ["stepButton"], hide: ["#step"] },
  { name: "reset", label: "Reset button", aliases: ["resetButton"], hide: ["#reset"] },
  { name: "speed", label: "Speed", hide: [".field:has(#speed)"] },
  { name: "seed", label: "Seeds (keep seed, training seed)", hide: [".seed-line", ".field:has(#seed)"] },
  { name: "learningRate", label: "Learning rate", hide: [".field:has(#learning-rate)"] },
  { name: "optimizer", label: "Optimizer (and momentum)", hide: [".field:has(#optimizer)", "#momentum-field"] },
  { name: "regularization", label: "Regularization", hide: [".field:has(#regularization)"] },
  { name: "regularizationRate", label: "Regularization rate", hide: [".field:has(#regularization-rate)"] },
  { name: "problem", label: "Problem type", hide: [".field:has(#problem)"] },
  { name: "dataset", label: "Which dataset", hide: ["#thumbnails", ".data-panel > .hint", "#data-source"] },
  { name: "trainRatio", label: "Ratio of training data", aliases: ["percTrainData", "ratio"],
    hide: [".slider:has(#train-ratio)"] },
  { name: "noise", label: "Noise level", hide: [".slider:has(#noise)"] },
  { name: "samples", label: "Number of samples", hide: [".slider:has(#samples)"] },
  { name: "classes", label: "Number of classes", hide: ["#classes-field"] },
  { name: "batchSize", label: "Batch size", aliases: ["batch"], hide: [".slider:has(#batch-size)"] },
  { name: "regenerate", label: "Regenerate the data", hide: [".row:has(#regenerate)"] },
  { name: "download", label: "Data download and standardize", hide: [".row:has(#download)"] },
  { name: "upload", label: "CSV upload", hide: ["#upload-box"] },
  { name: "features", label: "Choice of features", css: "#network .node.feature { pointer-events: none; }" },
  { name: "layers", label: "Number of hidden layers", aliases: ["numHiddenLayers"], hide: [".layer-buttons"] },
  { name: "neurons", label: "Neurons per layer", hide: ["#network .layer-controls .units .round"] },
  { name: "activation", label: "Activation", hide: ["#network [data-layer-field=activation]"] },
  { name: "dropout", label: "Dropout", hide: ["#network [data-layer-field=dropout]"] },
  { name: "weights", label: "Editing weights and biases",
    css: "#network svg.links path.hit { pointer-events: none; } #network .node:not(.feature) { cursor: default; }" },
  { name: "advanced", label: "More settings (init, seed, stopping)", hide: [".advanced"] },
  { name: "showTestData", label: "Show test data", hide: [".check:has(#show-test-data)"] },
  { name: "discretize", label: "Discretize output", hide: [".check:has(#discretize)"] },
  { name: "editPoints", label: "Adding points by clicking", hide: [".edit-points", "#edit-hint"] },
  { name: "exports", label: "PNG, CSV and model downloads",
    hide: ["#export-loss", "#export-metrics", "#export-boundary", "#export-model-json", "#export-model-npz"] },
  { name: "smoothing", label: "Loss smoothing", hide: [".field:has(#smoothing)"] },
  { name: "jobs", label: "Jobs panel", hide: [".jobs"] },
  { name: "sweep", label: "Sweep panel", aliases: ["sweeps"], hide: ["#sweep-panel"] },
  { name: "explainer", label: "\"What am I looking at?\"", hide: ["#explainer"] },
  { name: "copyLink", label: "Copy link button", hide: ["#copy-link"] },
  { name: "present", label: "Presentation button", hide: ["#present-toggle"] },
  { name: "hideHelper", label: "This link maker", hide: ["#hide-helper"] },
];

// "batch-size", "batch_size" and "BatchSize" all name batchSize.
const normal = (name) => name.toLowerCase().replace(/[-_ ]/g, "");
const BY_NAME = new Map(HIDABLE.flatMap((entry) => [entry.name, ...(entry.aliases || [])]
  .map((name) => [normal(name), entry])));

/** The entries `names` ask for, and the names nobody knows. */
export function resolveHidden(names) {
  const entries = [];
  const unknown = [];
  for (const name of names) {
    const entry = BY_NAME.get(normal(name));
    if (!entry) unknown.push(name);
    else if (!entries.includes(entry)) entries.push(entry);
  }
  return { entries, unknown };
}

/** The style sheet text that hides `entries`. */
export function hidingRules(entries) {
  return entries.map((entry) => (entry.css ? entry.css
    : `${entry.hide.join(", ")} { display: none !important; }`)).join("\n");
}

/** Follows settings.hide: hides what it names, warns once about each name it does not know. */
export function followHiddenControls(store, root = document) {
  const sheet = root.createElement("style");
  sheet.id = "hidden-controls";
  root.head.append(sheet);
  const warned = new Set();
  let shown = null;

  function apply(names) {
    const { entries, unknown } = resolveHidden(names);
    for (const name of unknown.filter((n) => !warned.has(n))) {
      warned.add(name);
      console.warn(`hide=: no control is called '${name}' (ignored); known: ${HIDABLE.map((e) => e.name).join(", ")}`);
    }
    sheet.textContent = hidingRules(entries);
    root.body.dataset.hidden = entries.map((entry) => entry.name).join(" ");
  }

  store.subscribe((page) => {
    const names = page.settings.hide;
    if (names === shown || names.join() === shown?.join()) return;
    shown = names;
    apply(names);
  });
  apply(store.state.settings.hide);
}
