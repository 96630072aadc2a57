import assert from "node:assert/strict";
import { test } from "node:test";

import { countsOfBitmap } from "../../frontend/js/pixel-counts.js";
import { firstLayerPictures, planeRows } from "../../frontend/js/weight-pictures.js";

test("a bitmap's ink is counted per 4x4 block, row by row", () => {
  const bitmap = new Uint8Array(32 * 32);
  for (let r = 0; r < 4; r += 1) for (let c = 0; c < 4; c += 1) bitmap[r * 32 + c] = 1; // block (0, 0) full
  bitmap[4 * 32 + 29] = 1; // one pixel of block (1, 7)
  bitmap[31 * 32 + 31] = 1; // the last pixel: block (7, 7)
  const counts = countsOfBitmap(bitmap);
  assert.equal(counts.length, 64);
  assert.deepEqual([counts[0], counts[15], counts[63]], [16, 1, 1]);
  assert.equal(counts.reduce((a, b) => a + b), 18);
});

test("first-layer weights (pixels x units) become one row-major picture per neuron", () => {
  // weights[pixel][unit]: pixel p of unit u is 100 * u + p
  const weights = Array.from({ length: 4 }, (_, p) => [p, 100 + p, 200 + p]);
  const model = { layers: [{ weights, units: 3 }], output: { weights: [[0]], units: 1 } };
  const pictures = firstLayerPictures(model, [2, 2]);
  assert.deepEqual(pictures[1], [[100, 101], [102, 103]]);
  assert.deepEqual(planeRows(pictures[1]), [[102, 103], [100, 101]]); // the plane's row 0 is the bottom
  assert.equal(firstLayerPictures(model, [8, 8]), null); // not 64 inputs: no pictures
  const linear = { layers: [], output: { weights, units: 3 } }; // no hidden layer: the output's
  assert.deepEqual(firstLayerPictures(linear, [2, 2])[2], [[200, 201], [202, 203]]);
});
