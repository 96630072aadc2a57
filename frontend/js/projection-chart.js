// A picture of data with more than two inputs: its rows on the training inputs' first two
// principal axes, coloured by true class, wrong predictions crossed; for regression, the
// predicted value against the true one. Plotly SVG scatter traces (no WebGL), every row
// (digits: 1,797); the page redraws it only when the projection changes (insight.js).

import { BASE_LAYOUT, centredNote, plot } from "./chart-base.js";
import { classColor } from "./palette.js";

const MARGIN = { l: 44, r: 8, t: 8, b: 38 };

const percent = (share) => `${Math.round(100 * share)}%`;

const pick = (values, rows) => rows.map((i) => values[i]);

// Many rows (digits: 1,797) are drawn smaller, so that they and their crosses stay apart.
const markerSize = (rows) => (rows > 600 ? { point: 5, cross: 7, width: 1 } : { point: 7, cross: 11, width: 2 });

function classTraces(points, names) {
  const size = markerSize(points.label.length);
  const traces = names.map((name, c) => {
    // Training rows first: the legend shows a trace's first marker (filled, not open).
    const rows = points.label.flatMap((label, i) => (label === c ? [i] : []))
      .sort((a, b) => Number(points.is_train?.[b] ?? true) - Number(points.is_train?.[a] ?? true));
    return { type: "scatter", mode: "markers", name, x: pick(points.x, rows), y: pick(points.y, rows),
      marker: { color: classColor(c), size: size.point, line: { color: "#333", width: 0.5 },
        symbol: rows.map((i) => (points.is_train?.[i] === false ? "circle-open" : "circle")) } };
  });
  if (points.predicted) {
    const wrong = points.label.flatMap((label, i) => (points.predicted[i] !== label ? [i] : []));
    traces.push({ type: "scatter", mode: "markers", name: `wrong (${wrong.length})`,
      x: pick(points.x, wrong), y: pick(points.y, wrong), hoverinfo: "skip",
      marker: { symbol: "x-thin", size: size.cross, color: "#000", line: { color: "#000", width: size.width } } });
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
  const axis = (title) => ({ title: { text: title, standoff: 4 }, zeroline: false, automargin: true });
  const explained = points.explained ?? [];
  const layout = { ...BASE_LAYOUT, margin: MARGIN, showlegend: true,
    legend: { orientation: "h", y: -0.22, font: { size: 10 } },
    xaxis: axis(regression ? "true value" : `principal axis 1${explained[0] ? ` (${percent(explained[0])} of the variance)` : ""}`),
    yaxis: axis(regression ? "predicted" : `axis 2${explained[1] ? ` (${percent(explained[1])})` : ""}`) };
  plot(element, traces, layout);
}
