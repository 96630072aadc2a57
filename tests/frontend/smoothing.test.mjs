import assert from "node:assert/strict";
import { test } from "node:test";

import { smoothed, smoothedHistory } from "../../frontend/js/smoothing.js";

test("weight 0 leaves the values as they are", () => {
  const values = [3, 1, 2];
  assert.equal(smoothed(values, 0), values);
});

test("the average is debiased: a constant series stays constant from its first point", () => {
  for (const weight of [0.3, 0.9, 0.99]) {
    for (const value of smoothed([5, 5, 5, 5], weight)) assert.ok(Math.abs(value - 5) < 1e-12, `${weight}: ${value}`);
  }
});

test("the EMA follows TensorBoard's formula", () => {
  const w = 0.6;
  const values = [1, 0, 0];
  // last = 0.4, 0.24, 0.144; debiased by 1 - w^n = 0.4, 0.64, 0.784
  const expected = [0.4 / 0.4, 0.24 / 0.64, 0.144 / 0.784];
  smoothed(values, w).forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-12, `${i}: ${v}`));
});

test("a noisy series becomes calmer, and gaps stay gaps without moving the average", () => {
  const noisy = Array.from({ length: 400 }, (_, i) => 1 + (i % 2 ? 0.5 : -0.5));
  const calm = smoothed(noisy, 0.9).slice(100);
  assert.ok(Math.max(...calm) - Math.min(...calm) < 0.2);
  assert.deepEqual(smoothed([1, null, 1], 0.5), [1, null, 1]);
});

test("only the named columns of a history are smoothed", () => {
  const history = { epoch: [1, 2, 3], train_loss: [1, 0, 0], test_loss: [2, 2, 2] };
  const result = smoothedHistory(history, ["train_loss"], 0.5);
  assert.equal(result.epoch, history.epoch);
  assert.equal(result.test_loss, history.test_loss);
  assert.notDeepEqual(result.train_loss, history.train_loss);
});
