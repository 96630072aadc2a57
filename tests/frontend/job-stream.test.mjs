import assert from "node:assert/strict";
import { test } from "node:test";

import { emptyHistory } from "../../frontend/js/history.js";
import { messageChanges } from "../../frontend/js/job-stream.js";

const job = { id: "j1", status: "running", step: 10, epoch: 1, metrics: { confusion_matrix: [[1]] } };
const page = { job, history: emptyHistory() };

test("a snapshot replaces the job and its whole history", () => {
  const changes = messageChanges({ type: "snapshot", job: { ...job, epoch: 7 }, history: { step: [1] } }, page);
  assert.equal(changes.job.epoch, 7);
  assert.deepEqual(changes.history.step, [1]);
  assert.deepEqual(changes.history.test_loss, []);
});

test("metric points extend the history and move the counter to the completed epoch", () => {
  const points = { step: [20, 30], epoch: [1.5, 2.9999999999], train_loss: [0.5, 0.4] };
  const changes = messageChanges({ type: "metrics", points }, page);
  assert.deepEqual(changes.history.step, [20, 30]);
  assert.deepEqual([changes.job.step, changes.job.epoch], [30, 3]);
  assert.deepEqual(changes.job.metrics, job.metrics);
});

test("status, boundary and model messages change exactly their part", () => {
  const status = messageChanges({ type: "status", status: "paused", step: 40, epoch: 4, error: null }, page);
  assert.deepEqual(Object.keys(status), ["job"]);
  assert.deepEqual([status.job.status, status.job.epoch, status.job.id], ["paused", 4, "j1"]);
  const boundary = { type: "boundary", x: [0], y: [0], z: [[0.5]] };
  assert.deepEqual(messageChanges(boundary, page), { boundary });
  const model = { layers: [], output: { units: 1, weights: [[0.1]] } };
  const neurons = { x: [0], y: [0], inputs: [{ name: "x1", z: [[0]] }], layers: [], output: [[0]] };
  assert.deepEqual(messageChanges({ type: "model", step: 40, epoch: 4, model, neurons }, page), { model, pictures: neurons });
  assert.deepEqual(messageChanges({ type: "model", model, neurons: null }, page), { model, pictures: null });
  assert.equal(messageChanges({ type: "something new" }, page), null);
});
