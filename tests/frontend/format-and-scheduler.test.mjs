import assert from "node:assert/strict";
import { test } from "node:test";

import { formatAccuracy, formatEpoch, formatLoss } from "../../frontend/js/format.js";
import { createScheduler } from "../../frontend/js/render-scheduler.js";

test("losses read as decimal numbers", () => {
  assert.equal(formatLoss(0.25347), "0.253");
  assert.equal(formatLoss(12), "12.000");
  assert.equal(formatLoss(0.000123456), "0.000123");
  assert.equal(formatLoss(2.0912e-6), "0.00000209");
  assert.equal(formatLoss(2.0912e-12), "0.00000000");
  assert.equal(formatLoss(null), "–");
  assert.equal(formatLoss(Infinity), "–");
  for (const value of [0.5, 0.0042, 1e-7]) assert.ok(Number.isFinite(Number(formatLoss(value))));
});

test("accuracies and epochs", () => {
  assert.equal(formatAccuracy(0.975), "97.5%");
  assert.equal(formatEpoch(1234), "1234");
  assert.equal(formatEpoch(12.7), "12");
});

function fakeClock() {
  let time = 0;
  const timers = [];
  return {
    now: () => time,
    setTimer: (callback, ms) => timers.push({ at: time + ms, callback }),
    advance(ms) {
      time += ms;
      for (let due = timers.filter((t) => t.at <= time); due.length; due = timers.filter((t) => t.at <= time)) {
        for (const timer of due) {
          timers.splice(timers.indexOf(timer), 1);
          timer.callback();
        }
      }
    },
  };
}

test("a flood of updates renders at most 30 times a second, always the latest", () => {
  const clock = fakeClock();
  const scheduler = createScheduler({ now: clock.now, setTimer: clock.setTimer });
  const drawn = [];
  const batches = new Set(); // the moments renders ran at: one per batch
  for (let ms = 0; ms < 1000; ms += 1) {
    scheduler.schedule("loss", () => drawn.push(ms));
    scheduler.schedule("epoch", () => batches.add(clock.now()));
    clock.advance(1);
  }
  clock.advance(100);
  assert.ok(batches.size <= 31, `${batches.size} batches`);
  assert.ok(batches.size >= 25, `${batches.size} batches`);
  assert.equal(drawn.length, batches.size, "a render ran twice in one batch");
  assert.equal(drawn.at(-1), 999);
});

test("a lone update renders at once, and a failing render does not stop the others", () => {
  const clock = fakeClock();
  const errors = [];
  const scheduler = createScheduler({ now: clock.now, setTimer: clock.setTimer, onError: (e) => errors.push(e) });
  let drawn = 0;
  scheduler.schedule("bad", () => { throw new Error("boom"); });
  scheduler.schedule("good", () => { drawn += 1; });
  clock.advance(0);
  assert.equal(drawn, 1);
  assert.equal(errors[0].message, "boom");
});

test("an API field in an error reads as the page's label", async () => {
  const { errorText, inPageWords } = await import("../../frontend/js/format.js");
  assert.equal(inPageWords("training.problem: the data has values, not classes"),
    "Problem type: the data has values, not classes");
  assert.equal(inPageWords("network.hidden.3.units: at most 256"), "Hidden layers: at most 256");
  assert.equal(inPageWords("nothing to translate"), "nothing to translate");
  assert.equal(errorText(new Error("training.max_epochs: must be >= 1")), "Stop after epochs: must be >= 1");
});

test("a spaced render runs at most once per its spacing, the others at full rate", () => {
  const clock = fakeClock();
  const scheduler = createScheduler({ now: clock.now, setTimer: clock.setTimer, spacing: { loss: 100 } });
  const runs = { loss: [], numbers: [] };
  for (let ms = 0; ms < 1000; ms += 1) {
    scheduler.schedule("loss", () => runs.loss.push(ms));
    scheduler.schedule("numbers", () => runs.numbers.push(ms));
    clock.advance(1);
  }
  clock.advance(200);
  assert.ok(runs.loss.length <= 11 && runs.loss.length >= 9, `${runs.loss.length} loss draws`);
  assert.ok(runs.numbers.length >= 25, `${runs.numbers.length} number draws`);
  assert.equal(runs.loss.at(-1), 999, "the latest is drawn in the end");
});
