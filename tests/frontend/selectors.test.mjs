import assert from "node:assert/strict";
import { test } from "node:test";

import {
  classNames, dataKind, diagramInputs, drawnOverlays, initialPage, jobName, latestMetrics, outputUnits, pageSpec,
  planeRange, wideColumns,
} from "../../frontend/js/selectors.js";
import { RULES } from "./rules.mjs";

const CATALOGUE = [
  { name: "circle", kind: "classification", params: { n_samples: { default: 500 } } },
  { name: "multi_gauss", kind: "classification", classes: 3, params: { classes: { default: 3 } } },
  { name: "iris", kind: "classification", classes: 3, modality: "tabular",
    class_names: ["setosa", "versicolor", "virginica"], params: {} },
];

function page(overrides = {}) {
  const base = { ...initialPage(), rules: RULES, catalogue: CATALOGUE };
  return { ...base, ...overrides, settings: { ...base.settings, ...overrides.settings } };
}

test("the spec names classes only for a generator that takes them", () => {
  assert.equal("classes" in pageSpec(page()).dataset, false);
  assert.equal(pageSpec(page({ settings: { dataset: "multi_gauss", classes: 4 } })).dataset.classes, 4);
});

test("a wide upload has no plane and sends its columns as they are", () => {
  const wide = page({ settings: { upload: "u1", features: ["x1", "x1^2"] },
    sample: { columns: ["a", "b", "c"], kind: "classification" } });
  assert.deepEqual(wideColumns(wide), ["a", "b", "c"]);
  assert.deepEqual(pageSpec(wide).features, ["x1", "x2"]);
  assert.deepEqual(diagramInputs(wide), { toggles: false, names: ["a", "b", "c"] });
  assert.deepEqual(diagramInputs(page()), { toggles: true, names: RULES.choices.features });
  // Once there is a job, its summary says what the data is.
  const job = { summary: { drawable: true, features: ["a", "b"] } };
  assert.equal(wideColumns({ ...wide, job }), null);
});

test("a job is named for what it is, distinct from the listed jobs", () => {
  assert.equal(jobName(page()), "circle 4-2 tanh lr 0.03");
  assert.equal(jobName(page({ settings: { layers: [] } })), "circle linear lr 0.03");
  assert.equal(jobName(page({ settings: { points: [[0, 0, 1]] } })), "points 4-2 tanh lr 0.03");
  const deep = [1, 2, 3].map(() => ({ units: 8, activation: "relu", dropout: 0 }));
  assert.equal(jobName(page({ settings: { layers: deep, learningRate: 0.3, batchSize: 30 } })),
    "circle 3x8 relu lr 0.3 batch 30");
  // Distinct from every listed job: the same settings twice get a number.
  const listed = page({ jobs: [{ name: "circle 4-2 tanh lr 0.03" }, { name: "circle 4-2 tanh lr 0.03 #2" }] });
  assert.equal(jobName(listed), "circle 4-2 tanh lr 0.03 #3");
});

test("the problem setting wins over the job's kind, which wins over the sample's", () => {
  const job = { summary: { kind: "regression" } };
  assert.equal(dataKind(page()), "classification");
  assert.equal(dataKind(page({ job })), "regression");
  assert.equal(dataKind(page({ job, settings: { problem: "classification" } })), "classification");
});

test("the numbers show the newest history point once it is as new as the job", () => {
  const history = { step: [10, 20], epoch: [1, 2], train_loss: [0.5, 0.4], test_loss: [0.6, 0.45],
    train_accuracy: [0.8, 0.9], test_accuracy: [0.7, 0.85] };
  const job = { step: 20, metrics: { train_loss: 0.9, confusion_matrix: [[1]] } };
  assert.equal(latestMetrics(page({ job, history })).train_loss, 0.4);
  assert.deepEqual(latestMetrics(page({ job, history })).confusion_matrix, [[1]]);
  assert.equal(latestMetrics(page({ job: { ...job, step: 30 }, history })).train_loss, 0.9);
  assert.deepEqual(latestMetrics(page()), {});
});

test("overlays are drawn for ticked jobs with a history, never for the page's own job", () => {
  const overlays = new Map([["a", {}], ["b", {}]]);
  const drawn = drawnOverlays(page({ overlays, job: { id: "b" }, settings: { compare: ["a", "b", "c"] } }));
  assert.deepEqual(drawn, ["a"]);
});

test("the plane is the boundary's, else an upload's padded range, else [-6, 6]^2", () => {
  assert.deepEqual(planeRange(page()), { x: [-6, 6], y: [-6, 6] });
  const upload = page({ settings: { upload: "u1" }, sample: { x1: [0, 10], x2: [-1, 1] } });
  assert.deepEqual(planeRange(upload), { x: [-0.5, 10.5], y: [-1.1, 1.1] });
  const boundary = { x: [-2, 0, 2], y: [-3, 3] };
  assert.deepEqual(planeRange({ ...upload, boundary }), { x: [-2, 2], y: [-3, 3] });
});

test("the output column has a unit per class beyond two, else one", () => {
  assert.equal(outputUnits(page()), 1);
  assert.equal(outputUnits(page({ settings: { dataset: "multi_gauss" } })), 3);
  assert.equal(outputUnits(page({ model: { output: { units: 5 } } })), 5);
});

test("classes are named as their data names them, else by their index", () => {
  assert.deepEqual(classNames(page({ settings: { dataset: "iris" } })), ["setosa", "versicolor", "virginica"]);
  const upload = { id: "u1", classes: 2, class_names: ["no", "yes"] };
  assert.deepEqual(classNames(page({ settings: { upload: "u1" }, uploads: [upload], sample: { classes: 2 } })),
    ["no", "yes"]);
  assert.deepEqual(classNames(page({ settings: { dataset: "multi_gauss" } })), ["0", "1", "2"]);
  assert.deepEqual(classNames(page()), ["0", "1"]);
});
