import assert from "node:assert/strict";
import { test } from "node:test";

import { emptyHistory } from "../../frontend/js/history.js";
import { messageChanges, restoredEpoch } from "../../frontend/js/job-stream.js";
import { defaultState } from "../../frontend/js/state.js";

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

test("a model message moves the confusion matrix with it", () => {
  const model = { layers: [], output: { units: 1, weights: [[0.1]] } };
  const changes = messageChanges({ type: "model", model, neurons: null, confusion_matrix: [[3, 1], [0, 4]] }, page);
  assert.deepEqual(changes.job.metrics.confusion_matrix, [[3, 1], [0, 4]]);
  assert.equal(changes.job.status, "running");
});

test("a settings message brings another page's live change into the settings and the job", () => {
  const shown = { ...page, job: { ...job, spec: { training: { learning_rate: 0.03 } } }, settings: defaultState() };
  const training = { learning_rate: 0.3, batch_size: 20, regularization_rate: 0.01, speed: 10 };
  const changes = messageChanges({ type: "settings", training, name: "renamed" }, shown);
  assert.deepEqual([changes.settings.learningRate, changes.settings.batchSize, changes.settings.speed], [0.3, 20, 10]);
  assert.equal(changes.settings.dataset, "circle", "the rest stays");
  assert.equal(changes.job.spec.training.learning_rate, 0.3);
  assert.equal(changes.job.name, "renamed");
  const fastest = messageChanges({ type: "settings", training: { ...training, speed: null } }, shown);
  assert.equal(fastest.settings.speed, "max");
});

test("a snapshot behind the page's epoch is a restore from a checkpoint", () => {
  const shown = { ...page, job: { ...job, epoch: 120 } };
  assert.equal(restoredEpoch({ type: "snapshot", job: { ...job, epoch: 100 } }, shown), 100);
  assert.equal(restoredEpoch({ type: "snapshot", job: { ...job, epoch: 120 } }, shown), null);
  assert.equal(restoredEpoch({ type: "snapshot", job: { ...job, id: "other", epoch: 1 } }, shown), null);
});
