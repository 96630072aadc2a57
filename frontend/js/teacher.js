// The teacher's page: enter the teacher token once, then the class live (one aggregate
// request a refresh, not a socket per run); a tile opens its run large.

import { api } from "./api.js";
import { createClassGrid } from "./teacher-grid.js";
import { createFocus } from "./teacher-focus.js";

const REFRESH_MS = 800; // at least one refresh a second, with the request's own time
const $ = (id) => document.getElementById(id);

let latest = [];
let timer = null;

const status = (text) => { $("class-status").textContent = text; };
const focus = createFocus({
  root: $("focus"), title: $("focus-title"), epoch: $("focus-epoch"), pause: $("focus-pause"),
  open: $("focus-open"), close: $("focus-close"), boundary: $("focus-boundary"), loss: $("focus-loss"),
}, { onClose: () => focus.close() });
const grid = createClassGrid($("class-grid"), {
  onOpen: (id) => {
    const tile = latest.find((t) => t.id === id);
    if (tile) focus.open(tile);
  },
});

async function refresh() {
  const started = performance.now();
  try {
    const overview = await api.classOverview();
    latest = overview.jobs;
    grid.render(latest);
    const running = latest.filter((tile) => tile.status === "running").length;
    status(`${latest.length} runs, ${running} running · updated ${new Date().toLocaleTimeString()}`);
  } catch (error) {
    status(error.status === 403 ? "Enter the teacher token" : `Not updated: ${error.message}`);
    if (error.status === 403) {
      $("teacher-login").hidden = false;
      return;
    }
  }
  timer = setTimeout(refresh, Math.max(0, REFRESH_MS - (performance.now() - started)));
}

$("teacher-login").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await api.teacherLogin($("teacher-token").value);
  } catch (error) {
    status(error.message);
    return;
  }
  $("teacher-login").hidden = true;
  clearTimeout(timer);
  refresh();
});

async function start() {
  const me = await api.me().catch(() => null);
  if (me?.teacher) refresh();
  else {
    $("teacher-login").hidden = false;
    status("Enter the teacher token");
  }
}

start();
