import assert from "node:assert/strict";
import { test } from "node:test";

import { describeStatus, playButtonMode, playPlan, stepPlan } from "../../frontend/js/job-actions.js";

test("play creates and starts a job when the settings have none", () => {
  assert.deepEqual(playPlan(null), ["create", "play"]);
});

test("play pauses a running job and resumes a paused or new one", () => {
  assert.deepEqual(playPlan("running"), ["pause"]);
  assert.deepEqual(playPlan("paused"), ["play"]);
  assert.deepEqual(playPlan("created"), ["play"]);
});

test("play on a finished job resets it first instead of provoking a 409", () => {
  for (const status of ["completed", "diverged", "failed"]) {
    assert.deepEqual(playPlan(status), ["reset", "play"]);
    assert.equal(playButtonMode(status).icon, "restart");
  }
});

test("step pauses a running job first, and does nothing on a finished one", () => {
  assert.deepEqual(stepPlan(null), ["create", "step"]);
  assert.deepEqual(stepPlan("running"), ["pause", "step"]);
  assert.deepEqual(stepPlan("paused"), ["step"]);
  assert.deepEqual(stepPlan("completed"), []);
});

test("the status line says what is going on, with the reason for a divergence", () => {
  assert.equal(describeStatus("unreachable", null).text, "Server unreachable");
  assert.equal(describeStatus("connecting", { status: "running" }).text, "Connecting…");
  assert.equal(describeStatus("open", { status: "running" }).text, "Running");
  assert.equal(describeStatus("idle", null).tone, "idle");
  const diverged = describeStatus("open", { status: "diverged", error: "loss became inf at step 40" });
  assert.equal(diverged.text, "Diverged: loss became inf at step 40");
  assert.equal(diverged.tone, "error");
  assert.match(describeStatus("open", { status: "diverged", error: null }).text, /no longer finite/);
  assert.equal(describeStatus("open", { status: "completed", error: null }).text, "Completed");
});
