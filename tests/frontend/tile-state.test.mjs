import assert from "node:assert/strict";
import { test } from "node:test";

import { tileState } from "../../frontend/js/network-paint.js";

const grid = (z) => ({ x: [0, 1], y: [0, 1], z });
const varied = grid([[0, 1], [2, 3]]);
const flat = grid([[0, 0], [0, 0]]);

test("2-D data: a neuron without a picture waits for one (dashed)", () => {
  assert.equal(tileState(null, "hidden", true), "waiting");
  assert.equal(tileState(null, "output", true), "waiting");
  assert.equal(tileState(null, "hidden"), "waiting"); // the plane by default
});

test("data wider than the plane: a neuron without a picture is plain, never waiting", () => {
  assert.equal(tileState(null, "hidden", false), "plain");
  assert.equal(tileState(null, "output", false), "plain");
});

test("a picture is shown whatever the data; a flat hidden one is a dead neuron", () => {
  for (const plane of [true, false]) {
    assert.equal(tileState(varied, "hidden", plane), "picture");
    assert.equal(tileState(flat, "hidden", plane), "dead");
    assert.equal(tileState(flat, "output", plane), "picture");
  }
});
