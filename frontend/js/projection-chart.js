// A picture of data with more than two inputs: its rows on the training inputs' first two
// principal axes, coloured by true class, wrong predictions crossed; for regression, the
// predicted value against the true one. Every row (digits: 1,797), painted as one image under
// Plotly's axes and legend (projection-rows.js; no WebGL); the page redraws it only when the
// projection changes (insight.js). Regression's rows (a few hundred) are SVG markers.

import { BASE_LAYOUT, centredNote, plot } from "./chart-base.js";
import { classColor } from "./palette.js";
import { markerSize, paddedRange, rowsImage } from "./projection-rows.js";

const MARGIN = { l: 44, r: 8, t: 8, b: 38 };

const percent = (share) => `${Math.round(100 * share)}%`;

/** Legend entries only: the rows themselves are one painted image (projection-rows.js). */
function classTraces(points, names) {
  const size = markerSize(points.label.length);
  const entry = (name, marker) => ({ type: "scatter", mode: "markers", name, x: [null], y: [null], marker });
  const traces = names.map((name, c) => entry(name,
    { color: classColor(c), size: 2 * size.radius + 2, line: { color: "#333", width: 0.5 } }));
  if (points.predicted) {
    const wrong = points.label.filter((label, i) => points.predicted[i] !== label).length;
    traces.push(entry(`wrong (${wrong})`, { symbol: "x-thin", size: 9, color: "#000", line: { color: "#000", width: 2 } }));
  }
  return traces;
}

function regressionTraces(points) {
  const values = [...points.label, ...points.predicted.filter(Number.isFinite)];
  const [low, high] = [Math.min(...values), Math.max(...values)];
  return [
    { type: "scatter", mode: "lines", name: "perfect", x: [low, high], y: [low, high],
      line: { color: "#999", dash: "dash", width: 1 }, hoverinfo: "skip" },
    { type: "scatter", mode: "markers", name: "rows", x: points.label, y: points.predicted,
      marker: { color: "#0072B2", size: 6, opacity: 0.7,
        symbol: points.is_train.map((t) => (t ? "circle" : "circle-open")) } },
  ];
}

/**
 * Draw into `element`: `points` = the API's projection (or a dataset sample's `projection`
 * with its `y` as labels, before any training); `names` the classes' names.
 */
export function drawProjection(element, { points, names, kind, message = "" }) {
  if (!points) {
    plot(element, [], { ...BASE_LAYOUT, margin: MARGIN, xaxis: { visible: false }, yaxis: { visible: false },
      annotations: [centredNote(message || "Loading…")] });
    return;
  }
  const regression = kind === "regression" && points.predicted;
  const traces = regression ? regressionTraces(points) : classTraces(points, names);
  const range = regression ? null : { x: paddedRange(points.x), y: paddedRange(points.y) };
  const axis = (title, fixed) => ({ title: { text: title, standoff: 4 }, zeroline: false, automargin: true,
    ...(fixed ? { range: fixed, autorange: false, fixedrange: true } : {}) });
  const explained = points.explained ?? [];
  const layout = { ...BASE_LAYOUT, margin: MARGIN, showlegend: true,
    legend: { orientation: "h", y: -0.22, font: { size: 10 } },
    xaxis: axis(regression ? "true value" : `principal axis 1${explained[0] ? ` (${percent(explained[0])} of the variance)` : ""}`, range?.x),
    yaxis: axis(regression ? "predicted" : `axis 2${explained[1] ? ` (${percent(explained[1])})` : ""}`, range?.y) };
  // The rows' image is painted for the plot area of the last draw; a new size repaints it.
  const area = element._fullLayout?._size;
  plot(element, traces, { ...layout, images: range && area ? [rowsImage(points, range, area)] : [] });
  element.dataset.rows = range ? String(points.label.length) : "";
  if (range) painted.set(element, { points, range, w: area?.w, h: area?.h });
  else painted.delete(element);
  fitRows(element);
  if (!painted.has(element) || resizable.has(element)) return;
  resizable.add(element);
  element.on("plotly_afterplot", () => fitRows(element)); // a resize of the page, too
}

const painted = new WeakMap(); // chart -> {points, range, w, h}: what its rows' image shows
const resizable = new WeakSet();

/** Paint the rows again when the plot area is not the size they were painted for. */
function fitRows(element) {
  const shown = painted.get(element);
  const area = element._fullLayout?._size;
  if (!shown || !area || (area.w === shown.w && area.h === shown.h)) return;
  painted.set(element, { ...shown, w: area.w, h: area.h });
  window.Plotly.relayout(element, { images: [rowsImage(shown.points, shown.range, area)] });
}
