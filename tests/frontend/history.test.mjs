import assert from "node:assert/strict";
import { test } from "node:test";

import { appendPoints, emptyHistory, fullHistory } from "../../frontend/js/history.js";

const points = (steps) => ({
  step: steps, epoch: steps.map((s) => s / 10), train_loss: steps.map((s) => 1 / s),
  test_loss: steps.map((s) => 2 / s), train_accuracy: steps.map(() => null), test_accuracy: steps.map(() => null),
});

test("metric points append in order, and a reconnect's repeats are dropped", () => {
  let history = appendPoints(emptyHistory(), points([10, 20]));
  history = appendPoints(history, points([20, 30, 40]));
  assert.deepEqual(history.step, [10, 20, 30, 40]);
  assert.deepEqual(history.test_loss, [0.2, 0.1, 2 / 30, 0.05]);
  assert.equal(appendPoints(history, points([5, 40])), history);
});

test("columns a message leaves out are filled with null, so the columns stay aligned", () => {
  const history = appendPoints(emptyHistory(), { step: [1, 2], epoch: [0.5, 1], train_loss: [0.9, 0.8] });
  assert.deepEqual(history.test_loss, [null, null]);
  assert.equal(history.train_accuracy.length, 2);
});

test("a history from the API gets every column, so the charts can read any", () => {
  const history = fullHistory({ step: [1], epoch: [0.1], train_loss: [0.5] });
  assert.deepEqual(Object.keys(history).sort(), Object.keys(emptyHistory()).sort());
  assert.deepEqual(history.test_loss, []);
  assert.deepEqual(fullHistory(null), emptyHistory());
});
