// The first layer's weights as pictures: one per neuron, the weight of each pixel (blue
// positive, orange negative). As the network learns they become stroke detectors.

import { neuronPixels, symmetricExtent } from "./palette.js";

/** A weight picture `[row][col]` (row 0 at the top) as the diagram's neuron pictures take
 * it (row 0 at the bottom, as on a plane). */
export const planeRows = (units) => [...units].reverse();

/** Each first-layer neuron's weights `[row][col]` from the API's model JSON (null: none). */
export function firstLayerPictures(model, [rows, cols]) {
  const first = model?.layers?.[0] ?? model?.output;
  if (!first || first.weights.length !== rows * cols) return null;
  return Array.from({ length: first.units }, (_, unit) =>
    Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => first.weights[r * cols + c][unit])));
}

function paint(canvas, units) {
  const [rows, cols] = [units.length, units[0].length];
  if (canvas.width !== cols) [canvas.width, canvas.height] = [cols, rows];
  const grid = planeRows(units);
  canvas.getContext("2d").putImageData(new ImageData(neuronPixels(grid, { range: symmetricExtent(grid) }), cols, rows), 0, 0);
}

/** The pictures in `root` (`.weight-items`). */
export function createWeightPictures(root) {
  const items = root.querySelector(".weight-items");
  let canvases = [];
  return {
    /** `units`: each neuron's weights `[row][col]` (GET /first-layer's `units`), or null. */
    render(units) {
      units ??= [];
      if (canvases.length !== units.length) {
        canvases = units.map((_, i) => {
          const canvas = document.createElement("canvas");
          canvas.className = "weight-picture";
          canvas.title = `neuron ${i + 1}`;
          canvas.setAttribute("role", "img");
          canvas.setAttribute("aria-label", `weights of neuron ${i + 1}`);
          return canvas;
        });
        items.replaceChildren(...canvases);
      }
      units.forEach((unit, i) => paint(canvases[i], unit));
    },
  };
}
