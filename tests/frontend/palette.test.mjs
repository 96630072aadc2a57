import assert from "node:assert/strict";
import { test } from "node:test";

import {
  CLASS_COLORS, boundaryHeatmap, classColor, extent, mix, multiClassColorscale, neuronPixels, weightStyle,
} from "../../frontend/js/palette.js";

test("ten distinct class colours (digits' 10 classes never repeat one), wrapping beyond", () => {
  assert.equal(new Set(CLASS_COLORS).size, 10);
  assert.equal(new Set(Array.from({ length: 10 }, (_, c) => classColor(c))).size, 10);
  assert.equal(classColor(10), classColor(0));
});

test("mix goes from one colour to the other", () => {
  assert.equal(mix("#000000", "#ffffff", 0), "rgb(0,0,0)");
  assert.equal(mix("#000000", "#ffffff", 1), "rgb(255,255,255)");
  assert.equal(mix("#0072B2", "#ffffff", 0.5), "rgb(128,185,217)");
});

test("a multi-class colour scale has one band per class, rising from 0 to 1", () => {
  const scale = multiClassColorscale(3);
  assert.equal(scale.length, 6);
  assert.equal(scale[0][0], 0);
  assert.equal(scale.at(-1)[0], 1);
  for (let i = 1; i < scale.length; i += 1) assert.ok(scale[i][0] > scale[i - 1][0]);
});

test("binary boundaries: probabilities, or 0/1 when discretized", () => {
  const boundary = { kind: "classification", classes: 2, z: [[0.2, 0.7], [null, 0.5]] };
  assert.deepEqual(boundaryHeatmap(boundary).z, boundary.z);
  assert.deepEqual(boundaryHeatmap(boundary, { discretize: true }).z, [[0, 1], [null, 1]]);
});

test("multi-class boundaries: class plus certainty stays inside the class's band", () => {
  const boundary = { kind: "classification", classes: 4, z: [[0, 3], [2, 1]],
    confidence: [[0.25, 1], [0.625, 0.9]] };
  const { z, zmin, zmax } = boundaryHeatmap(boundary);
  assert.deepEqual([zmin, zmax], [0, 4]);
  assert.equal(z[0][0], 0);
  assert.equal(z[0][1], 3.999);
  assert.equal(z[1][0], 2.5);
  for (const [i, j] of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
    assert.equal(Math.floor(z[i][j]), boundary.z[i][j]);
  }
  assert.deepEqual(boundaryHeatmap(boundary, { discretize: true }).z, [[0.999, 3.999], [2.999, 1.999]]);
});

test("regression boundaries centre zero and take a fixed range when given", () => {
  const boundary = { kind: "regression", classes: null, z: [[-2, 1], [3, null]] };
  assert.deepEqual([boundaryHeatmap(boundary).zmin, boundaryHeatmap(boundary).zmax], [-3, 3]);
  const fixed = boundaryHeatmap(boundary, { valueRange: [-5, 5] });
  assert.deepEqual([fixed.zmin, fixed.zmax], [-5, 5]);
});

test("extent skips nulls and widens a flat grid", () => {
  assert.deepEqual(extent([[null, 2], [2, NaN]]), [1, 3]);
  assert.deepEqual(extent([[null]]), [0, 1]);
});

test("links: sign picks the colour, size the width", () => {
  assert.equal(weightStyle(0.5).color, CLASS_COLORS[1]);
  assert.equal(weightStyle(-0.5).color, CLASS_COLORS[0]);
  assert.ok(weightStyle(2, 2).width > weightStyle(0.1, 2).width);
});

test("a neuron's pixels put the grid's first row (lowest y) at the bottom", () => {
  const bytes = neuronPixels([[-1, -1], [1, 1]]);
  assert.equal(bytes.length, 16);
  // Top row of the image is the grid's row 1: positive, blue.
  assert.deepEqual([...bytes.slice(0, 4)], [0, 0x72, 0xb2, 255]);
  assert.deepEqual([...bytes.slice(8, 12)], [0xe6, 0x9f, 0, 255]);
});

test("regression colours: orange below zero, white at zero, blue above, clamped outside", async () => {
  const { regressionColor, symmetricExtent } = await import("../../frontend/js/palette.js");
  assert.equal(regressionColor(0), "rgb(230,159,0)");
  assert.equal(regressionColor(0.5), "rgb(255,255,255)");
  assert.equal(regressionColor(1), "rgb(0,114,178)");
  assert.equal(regressionColor(2), regressionColor(1));
  assert.equal(regressionColor(-1), regressionColor(0));
  assert.equal(regressionColor(0.25), mix("#E69F00", "#ffffff", 0.5));
  assert.deepEqual(symmetricExtent([[-1, 3], [null, 0]]), [-3, 3]);
});
