// The plane: the network's output as a heatmap, the training points over it (and the test
// points when asked), or one neuron's output while it is hovered.

import { BASE_LAYOUT, centredNote, plot } from "./chart-base.js";
import { finerClassField } from "./class-field.js";
import { boundaryHeatmap, classColor, extent, neuronColorscale, regressionColor, symmetricExtent } from "./palette.js";

function pointsTrace(data, train) {
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
      // A dark outline: a point stays visible on a saturated region of its own class.
      symbol: train ? "circle" : "diamond",
      line: { color: train ? "#333" : "#000", width: train ? 1 : 1.5 },
    },
    hovertemplate: `(%{x:.2f}, %{y:.2f}) ${regression ? "value" : "class"} %{customdata}<extra>${train ? "train" : "test"}</extra>`,
  };
}

function neuronTrace(neuron) {
  const reach = Math.max(...extent(neuron.z).map(Math.abs)) || 1;
  return { type: "heatmap", x: neuron.x, y: neuron.y, z: neuron.z, zmin: -reach, zmax: reach,
    colorscale: neuronColorscale(), showscale: false, hoverinfo: "skip", zsmooth: "best" };
}

function boundaryTrace(given, data, view) {
  const valueRange = given.kind === "regression" && data?.kind === "regression" ? symmetricExtent([data.y]) : null;
  // Classes are not a scale to blend: a finer grid of them instead (class-field.js).
  const classes = given.kind === "classification" && given.classes > 2;
  const boundary = classes ? finerClassField(given) : given;
  const heat = boundaryHeatmap(boundary, { discretize: view.discretize, valueRange });
  return {
    type: "heatmap", x: boundary.x, y: boundary.y, ...heat, hoverinfo: "skip",
    showscale: boundary.kind === "regression", zsmooth: view.discretize || classes ? false : "best",
    colorbar: { thickness: 8, len: 0.8, outlinewidth: 0, tickfont: { size: 9 } },
  };
}

function traces({ data, boundary, neuron, view }) {
  const list = [];
  if (neuron) list.push(neuronTrace(neuron));
  else if (boundary) list.push(boundaryTrace(boundary, data, view));
  if (data) {
    list.push(pointsTrace(data, true));
    if (view.showTestData) list.push(pointsTrace(data, false));
  }
  return list;
}

function layout({ range, message }) {
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

/** The index of the point of `picture.data` within 8 pixels of `position`, or null. */
function nearestPoint({ data, view }, position) {
  if (!data) return null;
  let best = null;
  let bestDistance = 8 / position.pixelsPerUnit;
  for (let i = 0; i < data.y.length; i += 1) {
    if (!data.is_train[i] && !view.showTestData) continue;
    const distance = Math.hypot(data.x1[i] - position.x, data.x2[i] - position.y);
    if (distance < bestDistance) [best, bestDistance] = [i, distance];
  }
  return best;
}

function samePicture(a, b) {
  return a.data === b.data && a.boundary === b.boundary && a.neuron === b.neuron && a.message === b.message
    && a.view.showTestData === b.view.showTestData && a.view.discretize === b.view.discretize
    && a.range.x.join() === b.range.x.join() && a.range.y.join() === b.range.y.join();
}

/**
 * The boundary chart of `element`. `draw(picture)` draws {data, boundary, neuron, view,
 * range, message}; `onPlaneClick({x, y, point, remove})` gets the plane coordinates of a
 * click, the index of a point near it (or null) and whether it asks to remove (shift-click).
 */
export function createBoundaryChart(element, { onPlaneClick }) {
  let drawn = null;

  function planePosition(event) {
    const plotArea = element.querySelector(".nsewdrag");
    if (!plotArea || !drawn) return null;
    const { x, y } = drawn.range;
    const box = plotArea.getBoundingClientRect();
    const fx = (event.clientX - box.left) / box.width;
    const fy = (event.clientY - box.top) / box.height;
    if (fx < 0 || fx > 1 || fy < 0 || fy > 1) return null;
    return { x: x[0] + fx * (x[1] - x[0]), y: y[1] - fy * (y[1] - y[0]), pixelsPerUnit: box.width / (x[1] - x[0]) };
  }

  element.addEventListener("click", (event) => {
    const position = planePosition(event);
    if (position) {
      onPlaneClick({ x: position.x, y: position.y, point: nearestPoint(drawn, position), remove: event.shiftKey });
    }
  });

  return {
    draw(picture) {
      if (drawn && samePicture(drawn, picture)) return; // a redraw of the same costs a heatmap
      drawn = picture;
      plot(element, traces(picture), layout(picture));
    },
  };
}
