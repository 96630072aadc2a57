// Repaints the diagram in place: each node's picture (the server's grids of what it
// computes) and each link's colour and width (its weight).

import { MAX_DRAWN } from "./network-diagram.js";
import { neuronPixels, weightStyle } from "./palette.js";

function paint(canvas, grid) {
  const size = grid.length;
  if (!size) return;
  if (canvas.width !== size) [canvas.width, canvas.height] = [size, size];
  canvas.getContext("2d").putImageData(new ImageData(neuronPixels(grid), size, size), 0, 0);
}

/** The grid a node shows, from the API's neurons answer (`pictures`), or null. */
function pictureOf(pictures, column, c, i) {
  let z = null;
  if (column.kind === "input") z = pictures.inputs?.find((input) => input.name === column.names[i])?.z;
  else if (column.kind === "hidden") z = pictures.layers?.[c - 1]?.[i];
  else if (column.units === 1) z = pictures.output;
  return z ? { x: pictures.x, y: pictures.y, z } : null;
}

/** Paint every drawn node of `columns` with its picture of `pictures` (null: blank). */
export function paintPictures(nodes, columns, pictures) {
  columns.forEach((column, c) => {
    for (let i = 0; i < Math.min(column.units, MAX_DRAWN); i += 1) {
      const entry = nodes.get(`${c}:${i}`);
      const grid = pictures ? pictureOf(pictures, column, c, i) : null;
      if (grid) paint(entry.canvas, grid.z);
      else if (entry.grid) entry.canvas.getContext("2d").clearRect(0, 0, entry.canvas.width, entry.canvas.height);
      entry.grid = grid;
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

/** Colour and widen every link by its weight in `model` (the API's model JSON, or null). */
export function paintWeights(links, model) {
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
