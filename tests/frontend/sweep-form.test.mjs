import assert from "node:assert/strict";
import { test } from "node:test";

import { formatValue, sweepRequest, valuesLabel } from "../../frontend/js/sweep-form.js";

const BASE = { dataset: { name: "spiral" }, network: { hidden: [{ units: 4, activation: "relu" }] },
  training: { learning_rate: 0.03, max_epochs: null } };

test("a grid of typed values over the page's spec", () => {
  const body = sweepRequest(BASE, [
    { path: "training.learning_rate", text: "0.01, 0.1" },
    { path: "network.hidden", text: "8, 4-4" },
  ], { repeats: 2, maxEpochs: 20, maxParallel: 3 });
  assert.deepEqual(body.grid["training.learning_rate"], [0.01, 0.1]);
  assert.deepEqual(body.grid["network.hidden"], [[{ units: 8, activation: "relu" }],
    [{ units: 4, activation: "relu" }, { units: 4, activation: "relu" }]]);
  assert.equal(body.base.training.max_epochs, 20);
  assert.equal(body.base.training.learning_rate, 0.03);
  assert.deepEqual([body.repeats, body.max_parallel], [2, 3]);
});

test("bad rows are refused naming the axis", () => {
  assert.throws(() => sweepRequest(BASE, [{ path: "training.learning_rate", text: "0.1, fast" }]),
    /Learning rate: 'fast' is not a number/);
  assert.throws(() => sweepRequest(BASE, [{ path: "network.hidden", text: "8-x" }]), /Hidden layers/);
  assert.throws(() => sweepRequest(BASE, [{ path: "training.optimizer", text: " " }]), /at least one value/);
  assert.throws(() => sweepRequest(BASE, []), /at least one axis/);
});

test("members are named by their values", () => {
  assert.equal(valuesLabel({ "training.learning_rate": 0.1, "network.hidden": [{ units: 8 }, { units: 8 }] }),
    "learning_rate=0.1 hidden=8-8");
  assert.equal(formatValue([]), "none");
});
