import assert from "node:assert/strict";
import { test } from "node:test";

import { pictureOf } from "../../frontend/js/network-paint.js";
import { unitsPerLayer, initialPage } from "../../frontend/js/selectors.js";
import { RULES } from "./rules.mjs";

const CATALOGUE = [{ name: "circle", kind: "classification", params: { n_samples: { default: 500 } } }];

function page(layers) {
  const base = { ...initialPage(), rules: RULES, catalogue: CATALOGUE };
  return { ...base, settings: { ...base.settings, layers } };
}

const layer = (units) => ({ units, activation: "relu", dropout: 0 });

test("the server is asked for the units the diagram draws of each layer", () => {
  assert.equal(unitsPerLayer(page([layer(8), layer(8)])), 16);
  assert.equal(unitsPerLayer(page(Array(16).fill(layer(256)))), 4); // a summary
  assert.equal(unitsPerLayer({ ...page([layer(8)]), rules: null }), 16);
});

test("a hidden unit's picture is found by the unit indices the server lists", () => {
  const hidden = { kind: "hidden", units: 256 };
  const pictures = { x: [0], y: [0], layers: [[[[1]], [[2]]]], units: [[0, 1]] };
  assert.deepEqual(pictureOf(pictures, null, hidden, 1, 1).z, [[2]]);
  assert.equal(pictureOf(pictures, null, hidden, 1, 2), null); // not drawn by the server
  const inOrder = { x: [0], y: [0], layers: [[[[1]], [[2]]]] }; // the image panel's weights
  assert.deepEqual(pictureOf(inOrder, null, hidden, 1, 0).z, [[1]]);
});
