import assert from "node:assert/strict";
import { test } from "node:test";

import { replayEpochs } from "../../frontend/js/replay.js";

const at = (epochs) => epochs.map((epoch) => ({ epoch, step: epoch * 25 }));

test("a replay shows every snapshot before now, then now", () => {
  assert.deepEqual(replayEpochs(at([0, 1, 2, 5, 9]), 12), [0, 1, 2, 5, 9, 12]);
  assert.deepEqual(replayEpochs(at([0, 1, 2, 5, 9]), 9), [0, 1, 2, 5, 9]);
});

test("a long run's replay is bounded, keeping its first and last snapshots", () => {
  const epochs = Array.from({ length: 200 }, (_, i) => i * 3);
  const frames = replayEpochs(at(epochs), 700, 60);
  assert.equal(frames.length, 61);
  assert.equal(frames[0], 0);
  assert.deepEqual(frames.slice(-2), [597, 700]);
  assert.deepEqual([...frames].sort((a, b) => a - b), frames);
});
