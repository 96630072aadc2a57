import assert from "node:assert/strict";
import { test } from "node:test";

import { describeStatus } from "../../frontend/js/job-actions.js";
import { messageChanges } from "../../frontend/js/job-stream.js";
import { networkLabel, pictureColor, statusLabel } from "../../frontend/js/teacher-grid.js";
import { watchedOwner } from "../../frontend/js/watch-mode.js";

test("watch mode is for a job the server says one may not act on", () => {
  assert.equal(watchedOwner({ can_act: false, owner_nickname: "Ada" }), "Ada");
  assert.equal(watchedOwner({ can_act: true, owner_nickname: "Ada" }), null);
  assert.equal(watchedOwner({ id: "a" }), null); // a single-user server says nothing
  assert.equal(watchedOwner(null), null);
});

test("an idle pause says why", () => {
  assert.equal(describeStatus("open", { status: "paused", status_reason: "idle" }).text,
    "Paused: nobody was watching");
  assert.equal(describeStatus("open", { status: "paused", status_reason: "paused_by_user" }).text, "Paused");
});

test("a status message carries its reason into the job", () => {
  const page = { job: { id: "a", status: "running", status_reason: null } };
  const changes = messageChanges({ type: "status", status: "paused", step: 5, epoch: 1, error: null,
    status_reason: "idle" }, page);
  assert.equal(changes.job.status_reason, "idle");
});

test("tiles name the network and colour the picture as the playground does", () => {
  assert.equal(networkLabel({ network: [8, 8], activation: "tanh" }), "8-8 tanh");
  assert.equal(networkLabel({ network: [], activation: null }), "no hidden layer");
  assert.equal(statusLabel({ status: "paused", status_reason: "idle" }), "paused (nobody watching)");
  const binary = { kind: "classification", classes: 2 };
  assert.equal(pictureColor(null, binary, [0, 1]), "#ffffff");
  assert.notEqual(pictureColor(0, binary, [0, 1]), pictureColor(1, binary, [0, 1]));
});
