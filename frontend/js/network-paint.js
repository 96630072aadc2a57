// Repaints the diagram in place: each node's picture (the server's grids of what it
// computes) and each link's colour and width (its weight).

import { neuronPixels, weightStyle } from "./palette.js";

function paint(canvas, grid) {
  const size = grid.length;
  if (!size) return;
  if (canvas.width !== size) [canvas.width, canvas.height] = [size, size];
  canvas.getContext("2d").putImageData(new ImageData(neuronPixels(grid), size, size), 0, 0);
}

/** Unit `unit` of hidden layer `layer`: the server lists the units it drew (`units`) of a big
 * network; pictures without the list (the image panel's weights) have every unit in order. */
function hiddenPicture(pictures, layer, unit) {
  const drawn = pictures?.units?.[layer];
  return pictures?.layers?.[layer]?.[drawn ? drawn.indexOf(unit) : unit];
}

/** The grid a node shows, from the API's neurons answer (`pictures`) or, for an input not in
 * use, the server's picture of every feature (`features`), or null. */
export function pictureOf(pictures, features, column, c, i) {
  let z = null;
  let source = pictures;
  if (column.kind === "input") {
    z = pictures?.inputs?.find((input) => input.name === column.names[i])?.z;
    if (!z) [source, z] = [features, features?.features.find((f) => f.name === column.names[i])?.z];
  } else if (column.kind === "hidden") z = hiddenPicture(pictures, c - 1, i);
  else if (column.units === 1) z = pictures?.output;
  return z ? { x: source.x, y: source.y, z } : null;
}

/** A neuron that outputs one value everywhere (a dead ReLU: 0) is not "no picture yet". */
export function constantGrid(z) {
  const first = z[0]?.[0];
  return z.every((row) => row.every((value) => value === first)) ? first : null;
}

/**
 * How a node's tile looks: "picture", "dead" (a hidden neuron with one value everywhere:
 * hatched), "waiting" (no picture yet: dashed) or "plain" (no picture to wait for: data wider
 * than the plane, `plane` false, has no pictures over the plane; a solid neutral tile).
 */
export function tileState(grid, kind, plane = true) {
  if (grid) return kind === "hidden" && constantGrid(grid.z) !== null ? "dead" : "picture";
  return plane ? "waiting" : "plain";
}

function showState(entry, grid, kind, plane) {
  const state = tileState(grid, kind, plane);
  entry.element.dataset.tile = state;
  entry.element.classList.toggle("blank", state === "waiting");
  entry.element.classList.toggle("plain", state === "plain");
  entry.element.classList.toggle("dead", state === "dead");
  entry.element.title = state === "dead"
    ? `${entry.label}: outputs ${constantGrid(grid.z)} everywhere (a dead neuron)` : entry.title || "";
}

/** Paint every drawn node of `columns` with its picture (null: blank, marked as such: waiting
 * for one, or plain when `plane` is false, the data being wider than the plane). */
export function paintPictures(nodes, columns, pictures, features = null, plane = true) {
  columns.forEach((column, c) => {
    for (let i = 0; i < column.units; i += 1) {
      const entry = nodes.get(`${c}:${i}`);
      if (!entry) break; // the rest are not drawn
      const grid = pictureOf(pictures, features, column, c, i);
      if (grid) paint(entry.canvas, grid.z);
      else if (entry.grid) entry.canvas.getContext("2d").clearRect(0, 0, entry.canvas.width, entry.canvas.height);
      entry.grid = grid;
      showState(entry, grid, column.kind, plane);
    }
  });
}

function largestWeight(matrices) {
  let largest = 0;
  for (const matrix of matrices) {
    for (const row of matrix) for (const w of row) if (Number.isFinite(w)) largest = Math.max(largest, Math.abs(w));
  }
  return largest;
}

/** Colour each neuron's bias mark by its bias in `model` (null: grey), and name it in its title. */
function paintBiases(nodes, model) {
  const layers = model ? [...model.layers, model.output] : [];
  const largest = Math.max(0, ...layers.flatMap((layer) => layer.bias.map((b) => Math.abs(b ?? 0))));
  for (const [key, entry] of nodes) {
    if (!entry.bias) continue;
    const [c, i] = key.split(":").map(Number);
    const bias = layers[c - 1]?.bias?.[i];
    entry.biasValue = Number.isFinite(bias) ? bias : null;
    const style = entry.biasValue === null ? null : weightStyle(entry.biasValue, largest);
    entry.bias.style.background = style ? style.color : "#ccc";
    entry.bias.style.opacity = style ? style.opacity.toFixed(2) : "1";
  }
}

/** Colour and widen every link by its weight in `model` (the API's model JSON, or null), and
 * colour every bias mark. */
export function paintWeights(links, model, nodes = new Map()) {
  paintBiases(nodes, model);
  const matrices = model ? [...model.layers.map((l) => l.weights), model.output.weights] : [];
  const largest = largestWeight(matrices);
  for (const link of links) {
    const weight = matrices[link.layer]?.[link.row]?.[link.column];
    link.weight = Number.isFinite(weight) ? weight : null;
    const line = link.visible;
    if (link.weight === null) {
      line.setAttribute("stroke", "#ccc");
      line.setAttribute("stroke-width", "1");
      line.removeAttribute("stroke-opacity");
    } else {
      const style = weightStyle(link.weight, largest);
      line.setAttribute("stroke", style.color);
      line.setAttribute("stroke-width", style.width.toFixed(2));
      line.setAttribute("stroke-opacity", style.opacity.toFixed(2));
    }
  }
}
