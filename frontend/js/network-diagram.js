// The diagram's structure for one shape of network: where each column and node sits, the
// nodes (input features, neurons, outputs) and the links between them. Built anew only
// when the shape changes; network-paint.js repaints it in place.

import { element, layerControls } from "./layer-controls.js";
import { drawnCount, drawnUnits, MAX_DRAWN } from "./network-shape.js";
import { classColor } from "./palette.js";

const NODE = 34;
const ROW = 46;
const TOP = 92; // room for the layer controls
const LEFT = 60; // room for the input labels
const RIGHT = 16;
const COLUMN_MIN = 96; // the column step when there is room
const COLUMN_FLOOR = 58; // ... squeezed to fit a narrow panel, at most down to this
const CONTROLS_WIDTH = 88; // a layer's controls, narrower when its columns are squeezed
const SVG = "http://www.w3.org/2000/svg";

function placement(columns, containerWidth) {
  const count = columns.length;
  const most = drawnCount(columns);
  const room = (containerWidth || 500) - LEFT - RIGHT - NODE;
  const fit = room / Math.max(1, count - 1);
  const gap = Math.min(COLUMN_MIN, Math.max(most === MAX_DRAWN ? COLUMN_FLOOR : NODE + 6, fit));
  const width = Math.max(containerWidth || 500, LEFT + RIGHT + NODE + (count - 1) * gap);
  const step = (width - LEFT - RIGHT - NODE) / Math.max(1, count - 1);
  const shown = (c) => drawnUnits(c, most) + (c.units > drawnUnits(c, most) ? 1 : 0);
  const tallest = Math.max(...columns.map(shown));
  return { width, height: TOP + tallest * ROW + 10, x: (c) => LEFT + c * step, y: (i) => TOP + i * ROW, most, step };
}

function placed(node, x, y) {
  node.style.left = `${x}px`;
  node.style.top = `${y}px`;
  return node;
}

function nodeElement({ kind, feature, on, color }) {
  const node = element(feature ? "button" : "div", { class: `node ${kind}` });
  if (feature) {
    Object.assign(node.dataset, { action: "toggle-feature", feature });
    node.type = "button";
    node.setAttribute("aria-pressed", String(on));
    node.setAttribute("aria-label", `Feature ${feature}`);
    node.title = on ? `${feature}: in use (click to drop)` : `${feature}: not used (click to add)`;
  }
  if (color) node.style.background = color;
  return node;
}

function describeNode(column, c, i) {
  if (column.kind === "input") {
    const name = column.names[i];
    return { kind: "feature", label: name, feature: column.toggles ? name : null, on: column.used[i] };
  }
  if (column.kind === "output") {
    const many = column.units > 1;
    return { kind: "output-node", label: many ? `output, class ${i}` : "output", color: many ? classColor(i) : null };
  }
  return { kind: "neuron", label: `layer ${c}, neuron ${i + 1}` };
}

function inputLabel(name, x, y) {
  const label = placed(element("span", { class: "node-label" }, name), x - LEFT + 4, y + NODE / 2 - 8);
  label.style.width = `${LEFT - 10}px`;
  label.title = name;
  label.style.textAlign = "right";
  return label;
}

function buildNodes(canvas, columns, place, { onHover, onEditBias }) {
  const nodes = new Map();
  columns.forEach((column, c) => {
    const drawn = drawnUnits(column, place.most);
    for (let i = 0; i < drawn; i += 1) {
      const [x, y] = [place.x(c), place.y(i)];
      const description = describeNode(column, c, i);
      const node = placed(nodeElement(description), x, y);
      const picture = element("canvas", { width: "1", height: "1", "aria-hidden": "true" });
      node.append(picture);
      const entry = { element: node, canvas: picture, grid: null, label: description.label, title: node.title };
      node.addEventListener("mouseenter", () => onHover(entry));
      node.addEventListener("mouseleave", () => onHover(null));
      if (column.kind !== "input") {
        entry.bias = element("span", { class: "bias", "aria-hidden": "true" });
        node.append(entry.bias);
        node.addEventListener("click", (event) => onEditBias(event, { layer: c - 1, unit: i, label: description.label, entry }));
      }
      canvas.append(node);
      if (column.kind === "input") canvas.append(inputLabel(column.names[i], x, y));
      nodes.set(`${c}:${i}`, entry);
    }
    if (column.units > drawn) {
      const what = column.kind === "input" ? "inputs" : "neurons";
      const more = place.most === MAX_DRAWN || column.kind === "input" ? `+${column.units - drawn} more` : `+${column.units - drawn}`;
      const x = column.kind === "input" ? place.x(c) - LEFT + 4 : place.x(c);
      canvas.append(placed(element("span", { class: "more-label", title: `${column.units - drawn} more ${what}` },
        more), x, place.y(drawn) + 8));
    }
  });
  return nodes;
}

function path(d, attributes) {
  const line = document.createElementNS(SVG, "path");
  line.setAttribute("d", d);
  line.setAttribute("fill", "none");
  for (const [key, value] of Object.entries(attributes)) line.setAttribute(key, value);
  return line;
}

/** A curve from node i of column c to node j of column c + 1, and a wider invisible one to hover. */
function linkPaths(place, c, i, j) {
  const [x1, y1] = [place.x(c) + NODE, place.y(i) + NODE / 2];
  const [x2, y2] = [place.x(c + 1), place.y(j) + NODE / 2];
  const mid = (x1 + x2) / 2;
  const d = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
  return [path(d, { stroke: "#ccc", "stroke-width": "1" }),
    path(d, { class: "hit", stroke: "transparent", "stroke-width": "8" })];
}

function buildLinks(canvas, columns, place, nodes, { onTip, onEditWeight }) {
  const svg = document.createElementNS(SVG, "svg");
  svg.classList.add("links");
  svg.setAttribute("width", String(place.width));
  svg.setAttribute("height", String(place.height));
  const links = [];
  for (let c = 0; c + 1 < columns.length; c += 1) {
    const [from, to] = [columns[c], columns[c + 1]];
    let row = 0; // weight rows count only the inputs in use
    for (let i = 0; i < drawnUnits(from, place.most); i += 1) {
      if (from.kind === "input" && !from.used[i]) continue;
      for (let j = 0; j < drawnUnits(to, place.most); j += 1) {
        const [visible, hit] = linkPaths(place, c, i, j);
        const link = { visible, layer: c, row, column: j, weight: null,
          name: `${nodes.get(`${c}:${i}`).label} → ${nodes.get(`${c + 1}:${j}`).label}` };
        hit.addEventListener("mousemove", (event) => onTip(event, link));
        hit.addEventListener("mouseleave", () => onTip(null, null));
        hit.addEventListener("click", (event) => onEditWeight(event, link));
        svg.append(visible, hit);
        links.push(link);
      }
      row += 1;
    }
  }
  canvas.prepend(svg);
  return links;
}

/**
 * The diagram of `columns` (see networkShape) for `state` under the server's `rules`, as wide
 * as `width` allows: {canvas, nodes: Map "c:i" -> {element, canvas, grid, label, bias}, links}.
 * Handlers: `onHover(node | null)` and `onTip(event, link | null)` follow the pointer;
 * `onEditWeight(event, link)` and `onEditBias(event, {layer, unit, label, entry})` on a click.
 */
export function buildDiagram({ columns, state, rules, width }, handlers) {
  const place = placement(columns, width);
  const canvas = element("div", { class: "network-canvas" });
  canvas.style.width = `${place.width}px`;
  canvas.style.height = `${place.height}px`;
  const controls = place.most === MAX_DRAWN ? Math.min(CONTROLS_WIDTH, Math.floor(place.step - 6)) : 40;
  const boxes = layerControls(state, rules, (index) => place.x(index + 1) + NODE / 2 - controls / 2);
  for (const box of boxes) box.style.width = `${controls}px`;
  canvas.append(...boxes);
  canvas.classList.toggle("narrow", controls < CONTROLS_WIDTH);
  const nodes = buildNodes(canvas, columns, place, handlers);
  const links = buildLinks(canvas, columns, place, nodes, handlers);
  canvas.classList.toggle("summary", place.most !== MAX_DRAWN);
  return { canvas: fitted(canvas, place, width), nodes, links };
}

/** The canvas scaled down to `width` when its columns cannot be squeezed any further, so the
 * whole network and its output show without scrolling (a frame holds the scaled size). */
function fitted(canvas, place, width) {
  if (!width || place.width <= width) return canvas;
  const scale = Math.floor(width) / place.width;
  const frame = element("div", { class: "network-fit" });
  frame.style.width = `${Math.floor(place.width * scale)}px`;
  frame.style.height = `${Math.ceil(place.height * scale)}px`;
  canvas.style.transform = `scale(${scale})`;
  frame.append(canvas);
  return frame;
}
