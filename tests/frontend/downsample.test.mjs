import assert from "node:assert/strict";
import { test } from "node:test";

import { MAX_DRAWN_POINTS, drawnSeries, keptIndices, windowStart } from "../../frontend/js/downsample.js";

function history(n) {
  const epoch = Array.from({ length: n }, (_, i) => i + 1);
  const loss = epoch.map((e) => 1 / e + 0.01 * Math.sin(e));
  return { step: epoch, epoch, train_loss: loss, test_loss: loss.map((l) => l * 1.1) };
}

test("a short history is drawn as it is", () => {
  const h = history(500);
  const drawn = drawnSeries(h, ["train_loss", "test_loss"]);
  assert.deepEqual(drawn.x, h.epoch);
  assert.equal(drawn.train_loss, h.train_loss);
});

test("a long history is drawn with a bounded number of points, whatever its length", () => {
  for (const n of [5_000, 40_000, 200_000]) {
    const drawn = drawnSeries(history(n), ["train_loss", "test_loss"]);
    assert.ok(drawn.x.length <= MAX_DRAWN_POINTS && drawn.x.length >= 1000, `${n}: ${drawn.x.length} points`);
    assert.equal(drawn.x.at(-1), n, "the latest point is drawn");
  }
});

test("recent points are exact and a spike in an old bucket survives", () => {
  const h = history(40_000);
  h.test_loss[1234] = 99;
  h.train_loss[2345] = -5;
  const drawn = drawnSeries(h, ["train_loss", "test_loss"]);
  assert.ok(drawn.test_loss.includes(99));
  assert.ok(drawn.train_loss.includes(-5));
  assert.deepEqual(drawn.x.slice(-300), h.epoch.slice(-300));
});

test("missing values are skipped when a bucket's extremes are chosen", () => {
  const ys = [Array.from({ length: 10_000 }, (_, i) => (i % 2 ? null : i))];
  const kept = keptIndices(10_000, ys);
  assert.ok(kept.every((i, k) => k === 0 || i > kept[k - 1]), "sorted, no repeats");
});

test("a window keeps the last N epochs", () => {
  const h = history(10_000);
  assert.equal(windowStart(h.epoch, 0), 0);
  assert.equal(h.epoch[windowStart(h.epoch, 100)], 9_900);
  const drawn = drawnSeries(h, ["train_loss"], { window: 100 });
  assert.equal(drawn.x[0], 9_900);
  assert.equal(drawn.x.length, 101);
});

test("the page's own copy of a live history stays bounded, the latest points exact", async () => {
  const { MAX_KEPT, appendPoints, emptyHistory } = await import("../../frontend/js/history.js");
  let kept = emptyHistory();
  for (let start = 0; start < 60_000; start += 500) {
    const step = Array.from({ length: 500 }, (_, i) => start + i + 1);
    kept = appendPoints(kept, { step, epoch: step, train_loss: step.map((s) => 1 / s), test_loss: step,
      train_accuracy: step, test_accuracy: step });
  }
  assert.ok(kept.step.length <= MAX_KEPT, `${kept.step.length} points kept`);
  assert.equal(kept.step.at(-1), 60_000);
  assert.deepEqual(kept.step.slice(-1000), Array.from({ length: 1000 }, (_, i) => 59_001 + i));
  assert.equal(kept.train_loss[0], 1, "the first point (an extreme) stays");
});
