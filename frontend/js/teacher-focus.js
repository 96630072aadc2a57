// One run large, for the projector: its boundary and loss curve, live over the run's own
// stream (read-only: this view sends nothing but a pause the teacher asks for).

import { api, openJobStream } from "./api.js";
import { classColor, regressionColor } from "./palette.js";

const DRAW_MS = 250; // a projector needs no more: the page stays light while the run streams
const MAX_POINTS = 10000;
const LAYOUT = { margin: { l: 40, r: 10, t: 10, b: 36 }, font: { size: 16 } };

function colorscale(boundary) {
  if (boundary.kind === "regression") return [[0, regressionColor(0)], [0.5, regressionColor(0.5)], [1, regressionColor(1)]];
  return [[0, classColor(0)], [0.5, "#ffffff"], [1, classColor(1)]];
}

export function createFocus(elements, { onClose }) {
  let stream = null;
  let history = { epoch: [], train_loss: [], test_loss: [] };
  let boundary = null;
  let lossChanged = false;
  let timer = null;

  function later() {
    if (timer === null) timer = setTimeout(draw, DRAW_MS);
  }

  function draw() {
    timer = null;
    if (lossChanged) drawLoss();
    if (boundary) drawBoundary(boundary);
    lossChanged = false;
    boundary = null;
  }

  function drawLoss() {
    const line = (name, key) => ({ type: "scatter", mode: "lines", name, x: history.epoch, y: history[key] });
    window.Plotly.react(elements.loss, [line("train loss", "train_loss"), line("test loss", "test_loss")],
      { ...LAYOUT, xaxis: { title: { text: "epoch" } }, legend: { orientation: "h" } }, { displayModeBar: false });
  }

  function drawBoundary(boundary) {
    const many = (boundary.classes ?? 2) > 2;
    window.Plotly.react(elements.boundary, [{ type: "heatmap", x: boundary.x, y: boundary.y, z: boundary.z,
      showscale: false, zsmooth: "best", colorscale: many ? undefined : colorscale(boundary) }],
    { ...LAYOUT, yaxis: { scaleanchor: "x" } }, { displayModeBar: false });
  }

  function append(points) {
    for (const key of Object.keys(history)) history[key].push(...(points[key] || []));
    if (history.epoch.length > MAX_POINTS) { // a long run: every other point, the latest kept
      for (const key of Object.keys(history)) history[key] = history[key].filter((_, i, all) => i % 2 === (all.length - 1) % 2);
    }
    lossChanged = true;
    later();
  }

  function onMessage(message) {
    if (message.type === "snapshot") {
      history = { epoch: message.history.epoch, train_loss: message.history.train_loss, test_loss: message.history.test_loss };
      elements.epoch.textContent = `epoch ${message.job.epoch}`;
      lossChanged = true;
      later();
    } else if (message.type === "metrics") {
      append(message.points);
      const epochs = message.points.epoch || [];
      if (epochs.length) elements.epoch.textContent = `epoch ${Math.floor(epochs[epochs.length - 1])}`;
    } else if (message.type === "status") {
      elements.epoch.textContent = `epoch ${message.epoch} · ${message.status}`;
    } else if (message.type === "boundary") {
      boundary = message;
      later();
    }
  }

  function open(tile) {
    close();
    elements.root.hidden = false;
    elements.title.textContent = `${tile.nickname}'s run: ${tile.dataset}`;
    elements.open.href = `/#job=${encodeURIComponent(tile.id)}`;
    elements.pause.onclick = () => api.pause(tile.id).catch(() => {});
    stream = openJobStream(tile.id, { onMessage, onGone: onClose });
  }

  function close() {
    stream?.close();
    stream = null;
    clearTimeout(timer);
    timer = null;
    elements.root.hidden = true;
  }

  elements.close.addEventListener("click", () => onClose());
  return { open, close };
}
