// Chart objects that each own one element: the loss curve, the boundary over the plane,
// the confusion matrix and the dataset thumbnails. Plotly draws with SVG (no WebGL).

import {
  NEGATIVE, POSITIVE, binaryColorscale, boundaryHeatmap, classColor, extent, regressionColor,
  REGRESSION_COLORSCALE, symmetricExtent,
} from "./palette.js";

const PLOTLY_CONFIG = { displayModeBar: false, responsive: true, displaylogo: false };
const FONT = { family: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', Arial, sans-serif", size: 11, color: "#444" };
const TRAIN_LINE = "#0072B2";
const TEST_LINE = "#D55E00";
const OVERLAY_DASHES = ["dot", "dash", "dashdot", "longdash"];
const OVERLAY_COLORS = ["#555555", "#009E73", "#CC79A7", "#56B4E9", "#E69F00"];

const BASE_LAYOUT = { font: FONT, paper_bgcolor: "#fff", plot_bgcolor: "#fff" };

const plotly = () => window.Plotly;

/** A line of text in the middle of a chart (no data yet, or why there is no picture). */
function centredNote(text, style = {}) {
  return { text, showarrow: false, xref: "paper", yref: "paper", x: 0.5, y: 0.5, ...style };
}

export function emptyHistory() {
  return { step: [], epoch: [], train_loss: [], test_loss: [], train_accuracy: [], test_accuracy: [] };
}

/** `history` with the points after its last step appended (a reconnect may repeat some). */
export function appendPoints(history, points) {
  const lastStep = history.step.length ? history.step.at(-1) : -Infinity;
  const fresh = (points.step || []).map((step, i) => (step > lastStep ? i : -1)).filter((i) => i >= 0);
  if (!fresh.length) return history;
  const next = {};
  for (const key of Object.keys(emptyHistory())) {
    next[key] = history[key].concat(fresh.map((i) => (points[key] ? points[key][i] ?? null : null)));
  }
  return next;
}

export function overlayStyle(index) {
  return { color: OVERLAY_COLORS[index % OVERLAY_COLORS.length], dash: OVERLAY_DASHES[index % OVERLAY_DASHES.length] };
}

/** The live loss curve: train and test lines against epochs, plus other jobs to compare. */
export function createLossChart(element) {
  let history = emptyHistory();
  let overlays = [];
  let logScale = false;

  function traces() {
    // A handful of points reads better with markers (a single point has no line to show).
    const mode = history.epoch.length < 20 ? "lines+markers" : "lines";
    const line = (name, y, color, extra = {}) => ({
      type: "scatter", mode, name, x: history.epoch, y, line: { color, width: 2 },
      hovertemplate: `%{y:.4f}<extra>${name}</extra>`, connectgaps: true, ...extra,
    });
    const own = [line("Train loss", history.train_loss, TRAIN_LINE), line("Test loss", history.test_loss, TEST_LINE)];
    const others = overlays.map((overlay, i) => ({
      type: "scatter", mode: "lines", name: overlay.name, x: overlay.history.epoch, y: overlay.history.test_loss,
      line: { ...overlayStyle(i), width: 1.5 }, connectgaps: true,
      hovertemplate: `%{y:.4f}<extra>${escapeHtml(overlay.name)} (test)</extra>`,
    }));
    return [...others, ...own];
  }

  function layout() {
    const empty = history.epoch.length === 0;
    return {
      ...BASE_LAYOUT,
      margin: { l: 44, r: 8, t: 6, b: 30 },
      showlegend: true,
      legend: { orientation: "h", x: 1, xanchor: "right", y: 1, yanchor: "bottom", font: { size: 10 } },
      hovermode: "x unified",
      xaxis: { title: { text: "epoch", standoff: 4 }, zeroline: false, gridcolor: "#eee", rangemode: "tozero",
        fixedrange: true, showticklabels: !empty, automargin: true },
      yaxis: { type: logScale ? "log" : "linear", gridcolor: "#eee", zeroline: false, fixedrange: true,
        showticklabels: !empty, automargin: true,
        rangemode: logScale ? undefined : "tozero", exponentformat: "power" },
      annotations: empty ? [centredNote("Press play or step to train", { font: { size: 12, color: "#888" } })] : [],
    };
  }

  return {
    get history() { return history; },
    setHistory(next) { history = next; },
    append(points) { history = appendPoints(history, points); },
    setOverlays(next) { overlays = next; },
    setLogScale(on) { logScale = on; },
    draw() { plotly().react(element, traces(), layout(), PLOTLY_CONFIG); },
  };
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The plane: the network's output as a heatmap, the training points over it (and the test
 * points when asked), or one neuron's output while it is hovered.
 * `onPlaneClick({x, y, point})` gets the plane coordinates and the index of a point near the click.
 */
export function createBoundaryChart(element, { onPlaneClick = null } = {}) {
  let data = null;
  let boundary = null;
  let neuron = null;
  let view = { showTestData: false, discretize: false };
  let range = { x: [-6, 6], y: [-6, 6] };
  let message = "";

  function pointsTrace(train) {
    const index = [];
    for (let i = 0; i < data.y.length; i += 1) if (Boolean(data.is_train[i]) === train) index.push(i);
    const regression = data.kind === "regression";
    const [low, high] = regression ? symmetricExtent([data.y]) : [0, 1];
    const labels = index.map((i) => data.y[i]);
    return {
      type: "scatter",
      mode: "markers",
      name: train ? "training data" : "test data",
      x: index.map((i) => data.x1[i]),
      y: index.map((i) => data.x2[i]),
      customdata: labels,
      marker: {
        size: data.y.length > 1500 ? 4 : 6,
        color: regression ? labels.map((v) => regressionColor((v - low) / (high - low))) : labels.map(classColor),
        line: { color: train ? "#fff" : "#000", width: 1 },
      },
      hovertemplate: `(%{x:.2f}, %{y:.2f}) ${regression ? "value" : "class"} %{customdata}<extra>${train ? "train" : "test"}</extra>`,
    };
  }

  function heatmapTrace() {
    if (neuron) {
      const reach = Math.max(...extent(neuron.z).map(Math.abs)) || 1;
      return { type: "heatmap", x: neuron.x, y: neuron.y, z: neuron.z, zmin: -reach, zmax: reach,
        colorscale: binaryColorscale(), showscale: false, hoverinfo: "skip", zsmooth: "best" };
    }
    if (!boundary) return null;
    const valueRange = boundary.kind === "regression" && data && data.kind === "regression"
      ? symmetricExtent([data.y]) : null;
    const heat = boundaryHeatmap(boundary, { discretize: view.discretize, valueRange });
    return {
      type: "heatmap", x: boundary.x, y: boundary.y, ...heat, opacity: 0.8, hoverinfo: "skip",
      showscale: boundary.kind === "regression", zsmooth: view.discretize ? false : "best",
      colorbar: { thickness: 8, len: 0.8, outlinewidth: 0, tickfont: { size: 9 } },
    };
  }

  function traces() {
    const list = [];
    const heat = heatmapTrace();
    if (heat) list.push(heat);
    if (data) {
      list.push(pointsTrace(true));
      if (view.showTestData) list.push(pointsTrace(false));
    }
    return list;
  }

  function layout() {
    const axis = (r, title) => ({ range: r, fixedrange: true, zeroline: false, showgrid: false, constrain: "domain",
      ticks: "outside", ticklen: 3, title: { text: title, standoff: 2 }, mirror: true, showline: true, linecolor: "#ccc" });
    return {
      ...BASE_LAYOUT,
      margin: { l: 36, r: 8, t: 8, b: 32 },
      showlegend: false,
      dragmode: false,
      hovermode: "closest",
      xaxis: axis(range.x, "x1"),
      yaxis: { ...axis(range.y, "x2"), scaleanchor: "x", scaleratio: 1 },
      annotations: message
        ? [centredNote(message, { font: { size: 12, color: "#666" }, bgcolor: "rgba(255,255,255,0.9)" })] : [],
    };
  }

  function planePosition(event) {
    const plotArea = element.querySelector(".nsewdrag");
    if (!plotArea) return null;
    const box = plotArea.getBoundingClientRect();
    const fx = (event.clientX - box.left) / box.width;
    const fy = (event.clientY - box.top) / box.height;
    if (fx < 0 || fx > 1 || fy < 0 || fy > 1) return null;
    return { x: range.x[0] + fx * (range.x[1] - range.x[0]), y: range.y[1] - fy * (range.y[1] - range.y[0]),
      pixelsPerUnit: box.width / (range.x[1] - range.x[0]) };
  }

  function nearestPoint(position) {
    if (!data) return null;
    let best = null;
    let bestDistance = 8 / position.pixelsPerUnit; // within 8 pixels
    for (let i = 0; i < data.y.length; i += 1) {
      if (!data.is_train[i] && !view.showTestData) continue;
      const distance = Math.hypot(data.x1[i] - position.x, data.x2[i] - position.y);
      if (distance < bestDistance) [best, bestDistance] = [i, distance];
    }
    return best;
  }

  if (onPlaneClick) {
    element.addEventListener("click", (event) => {
      const position = planePosition(event);
      if (position) onPlaneClick({ x: position.x, y: position.y, point: nearestPoint(position) });
    });
  }

  return {
    get boundary() { return boundary; },
    setData(next, nextRange = null) {
      data = next;
      if (nextRange) range = nextRange;
    },
    setRange(nextRange) { range = nextRange; },
    setBoundary(next) {
      boundary = next;
      if (next && next.x && next.x.length) range = { x: [next.x[0], next.x.at(-1)], y: [next.y[0], next.y.at(-1)] };
    },
    setView(next) { view = { ...view, ...next }; },
    setMessage(text) { message = text; },
    showNeuron(grid) { neuron = grid; },
    draw() { plotly().react(element, traces(), layout(), PLOTLY_CONFIG); },
  };
}

/** The confusion matrix as a table: rows are true classes, columns predicted ones. */
export function renderConfusionMatrix(container, matrix) {
  container.replaceChildren();
  if (!matrix || !matrix.length) return;
  const largest = Math.max(1, ...matrix.flat());
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  const corner = document.createElement("th");
  corner.className = "corner";
  corner.textContent = "true ↓ predicted →";
  head.append(corner);
  matrix.forEach((_, j) => head.append(classHeader(j, "col")));
  const body = table.createTBody();
  matrix.forEach((row, i) => {
    const tr = body.insertRow();
    tr.append(classHeader(i, "row"));
    row.forEach((count, j) => {
      const cell = tr.insertCell();
      cell.textContent = String(count);
      const strength = count / largest;
      const base = i === j ? "0, 114, 178" : "213, 94, 0";
      cell.style.background = `rgba(${base}, ${(0.08 + 0.6 * strength).toFixed(3)})`;
      if (strength > 0.6) cell.style.color = "#fff";
      cell.title = `${count} of class ${i} predicted as class ${j}`;
    });
  });
  container.append(table);
}

function classHeader(index, scope) {
  const th = document.createElement("th");
  th.scope = scope;
  th.innerHTML = `<span class="swatch" style="background:${classColor(index)}"></span> ${index}`;
  return th;
}

/** A small picture of a dataset's points on a canvas (thumbnails of the catalogue). */
export function drawThumbnail(canvas, sample, plane = [-6, 6]) {
  const size = canvas.width;
  const context = canvas.getContext("2d");
  context.fillStyle = "#fff";
  context.fillRect(0, 0, size, size);
  const regression = sample.kind === "regression";
  const [low, high] = regression ? symmetricExtent([sample.y]) : [0, 1];
  const scale = size / (plane[1] - plane[0]);
  for (let i = 0; i < sample.y.length; i += 1) {
    const value = sample.y[i];
    context.fillStyle = regression ? regressionColor((value - low) / (high - low)) : classColor(value);
    context.beginPath();
    context.arc((sample.x1[i] - plane[0]) * scale, size - (sample.x2[i] - plane[0]) * scale, size / 40, 0, 2 * Math.PI);
    context.fill();
  }
}

export { NEGATIVE, POSITIVE, REGRESSION_COLORSCALE };
