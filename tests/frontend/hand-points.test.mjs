import assert from "node:assert/strict";
import { test } from "node:test";

import { editedPoints } from "../../frontend/js/data-panel.js";
import { defaultState } from "../../frontend/js/state.js";

const sample = { x1: [1, 2, 3], x2: [1, 2, 3], y: [0, 1, 0], is_train: [true, false, true], kind: "classification" };
const page = (settings = {}) => ({ settings: { ...defaultState(), ...settings }, sample, job: null, catalogue: [] });

test("a click adds a point to the training split, every point keeping its own", () => {
  const points = editedPoints(page({ pointClass: 1 }), { x: 4.567, y: -1, point: null, remove: false });
  assert.deepEqual(points, [[1, 1, 0, 1], [2, 2, 1, 0], [3, 3, 0, 1], [4.57, -1, 1, 1]]);
});

test("the test split only when chosen", () => {
  const points = editedPoints(page({ pointSplit: "test" }), { x: 0, y: 0, point: null, remove: false });
  assert.deepEqual(points.at(-1), [0, 0, 0, 0]);
});

test("a click near a point adds one; only a shift-click removes it", () => {
  assert.equal(editedPoints(page(), { x: 2, y: 2, point: 1, remove: false }).length, 4);
  assert.deepEqual(editedPoints(page(), { x: 2, y: 2, point: 1, remove: true }), [[1, 1, 0, 1], [3, 3, 0, 1]]);
  assert.equal(editedPoints(page(), { x: 5, y: 5, point: null, remove: true }).length, 3);
});
