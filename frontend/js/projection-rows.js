// A projection's rows painted on a 2-D canvas and placed in the chart as one image. As SVG
// markers each row is a DOM node, and digits' 1,797 took a second and more per redraw on a
// loaded machine; painted, they cost a few milliseconds whatever their number. No WebGL.

import { classColor } from "./palette.js";

const PAD = 0.05;

/** [low, high] of the finite `values`, widened by 5% of their span on each side. */
export function paddedRange(values) {
  let [low, high] = [Infinity, -Infinity];
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  if (low === Infinity) return [-1, 1];
  const pad = (high - low || 1) * PAD;
  return [low - pad, high + pad];
}

// Many rows (digits) are drawn smaller, so that they and their crosses stay apart.
export const markerSize = (rows) => (rows > 600 ? { radius: 2.5, cross: 3, width: 1 } : { radius: 3.5, cross: 5, width: 2 });

function paint(context, points, place) {
  const size = markerSize(points.label.length);
  for (let i = 0; i < points.label.length; i += 1) {
    const color = classColor(points.label[i]);
    context.beginPath();
    context.arc(place.x(points.x[i]), place.y(points.y[i]), size.radius, 0, 2 * Math.PI);
    if (points.is_train?.[i] === false) {
      [context.lineWidth, context.strokeStyle] = [1.2, color]; // a test row: an open circle
    } else {
      context.fillStyle = color;
      context.fill();
      [context.lineWidth, context.strokeStyle] = [0.5, "#333"];
    }
    context.stroke();
  }
  if (!points.predicted) return;
  context.beginPath();
  for (let i = 0; i < points.label.length; i += 1) {
    if (points.predicted[i] === points.label[i]) continue;
    const [x, y, r] = [place.x(points.x[i]), place.y(points.y[i]), size.cross];
    context.moveTo(x - r, y - r);
    context.lineTo(x + r, y + r);
    context.moveTo(x - r, y + r);
    context.lineTo(x + r, y - r);
  }
  [context.lineWidth, context.strokeStyle] = [size.width, "#000"];
  context.stroke();
}

/**
 * A Plotly layout image of `points` for a plot area of `area` ({w, h} CSS pixels) showing
 * `range` ({x, y}): training rows filled in their class's colour, test rows open, wrong
 * predictions crossed.
 */
export function rowsImage(points, range, area) {
  const scale = window.devicePixelRatio || 1;
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(area.w * scale));
  canvas.height = Math.max(1, Math.round(area.h * scale));
  const context = canvas.getContext("2d");
  context.scale(scale, scale);
  const [dx, dy] = [range.x[1] - range.x[0], range.y[1] - range.y[0]];
  paint(context, points, { x: (x) => ((x - range.x[0]) / dx) * area.w, y: (y) => ((range.y[1] - y) / dy) * area.h });
  return { source: canvas.toDataURL(), xref: "x", yref: "y", x: range.x[0], y: range.y[1], sizex: dx, sizey: dy,
    xanchor: "left", yanchor: "top", sizing: "stretch", layer: "above" };
}
