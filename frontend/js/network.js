// The network panel: the layer editor and the diagram (inputs, neurons with a small
// heatmap of what each computes, links whose width and colour show the weights).
// Structure is rebuilt only when the shape changes; pictures and weights repaint in place.

import { ACTIVATIONS, FEATURES } from "./state.js";
import { classColor, neuronPixels, weightStyle } from "./palette.js";
import { formatWeight } from "./format.js";

const NODE = 34;
const ROW = 46;
const TOP = 92; // room for the layer controls
const LEFT = 60; // room for the input labels
const RIGHT = 16;
const COLUMN_MIN = 96;
const MAX_DRAWN = 16;
const FEATURE_RESOLUTION = 20;
const DROPOUTS = [0, 0.1, 0.2, 0.3, 0.5];
const SVG = "http://www.w3.org/2000/svg";

const FEATURE_FUNCTIONS = {
  x1: (x1) => x1,
  x2: (x1, x2) => x2,
  "x1^2": (x1) => x1 * x1,
  "x2^2": (x1, x2) => x2 * x2,
  "x1*x2": (x1, x2) => x1 * x2,
  "sin(x1)": (x1) => Math.sin(x1),
  "sin(x2)": (x1, x2) => Math.sin(x2),
};

/** A feature's values over the plane [-6, 6]^2, row 0 at the lowest x2 (as the API's grids). */
export function featureGrid(name, resolution = FEATURE_RESOLUTION) {
  const at = (k) => -6 + (12 * k) / (resolution - 1);
  return Array.from({ length: resolution }, (_, i) =>
    Array.from({ length: resolution }, (__, j) => FEATURE_FUNCTIONS[name](at(j), at(i))));
}

const ACTIVATION_NAMES = { tanh: "Tanh", relu: "ReLU", leaky_relu: "Leaky ReLU", sigmoid: "Sigmoid", linear: "Linear" };

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

function paint(canvas, grid) {
  const size = grid.length;
  if (!size) return;
  if (canvas.width !== size) [canvas.width, canvas.height] = [size, size];
  canvas.getContext("2d").putImageData(new ImageData(neuronPixels(grid), size, size), 0, 0);
}

/**
 * `onEdit(edit)` gets {type: "toggle-feature", feature} | {type: "add-neuron" | "remove-neuron", layer}
 * | {type: "layer", layer, change}. `onNeuronHover(picture | null)` gets {x, y, z, label}.
 */
export function createNetworkView(container, { onEdit, onNeuronHover, tooltip }) {
  let structureKey = "";
  let columns = [];
  let nodes = new Map(); // "c:i" -> {element, canvas, x, y}
  let links = []; // {source, target, from: [c, i], to: [c, j], weightAt}
  let lastPictures = null;

  container.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action]");
    if (!button || !container.contains(button) || button.disabled) return;
    const layer = Number(button.dataset.layer);
    if (button.dataset.action === "toggle-feature") onEdit({ type: "toggle-feature", feature: button.dataset.feature });
    else onEdit({ type: button.dataset.action, layer });
  });
  container.addEventListener("change", (event) => {
    const field = event.target.closest("[data-layer-field]");
    if (!field) return;
    const value = field.dataset.layerField === "dropout" ? Number(field.value) : field.value;
    onEdit({ type: "layer", layer: Number(field.dataset.layer), change: { [field.dataset.layerField]: value } });
  });

  function showTip(event, text) {
    tooltip.textContent = text;
    tooltip.hidden = false;
    tooltip.style.left = `${event.clientX + 12}px`;
    tooltip.style.top = `${event.clientY + 12}px`;
  }

  function hideTip() {
    tooltip.hidden = true;
  }

  function layout(shape) {
    const count = shape.columns.length;
    const width = Math.max(container.clientWidth || 500, LEFT + RIGHT + NODE + (count - 1) * COLUMN_MIN);
    const step = (width - LEFT - RIGHT - NODE) / Math.max(1, count - 1);
    const tallest = Math.max(...shape.columns.map((c) => Math.min(c.units, MAX_DRAWN) + (c.units > MAX_DRAWN ? 1 : 0)));
    return { width, height: TOP + tallest * ROW + 10, x: (c) => LEFT + c * step, y: (i) => TOP + i * ROW };
  }

  function buildLayerControls(canvas, state, limits, place) {
    state.layers.forEach((layer, index) => {
      const box = element("div", { class: "layer-controls" });
      box.style.left = `${place.x(index + 1) + NODE / 2 - 44}px`;
      box.style.top = "0px";
      const units = element("div", { class: "units" });
      const minus = element("button", { type: "button", class: "round small", "data-action": "remove-neuron",
        "data-layer": String(index), "aria-label": `Remove a neuron from hidden layer ${index + 1}` }, "−");
      minus.disabled = layer.units <= 1;
      const plus = element("button", { type: "button", class: "round small", "data-action": "add-neuron",
        "data-layer": String(index), "aria-label": `Add a neuron to hidden layer ${index + 1}` }, "+");
      plus.disabled = layer.units >= limits.max_units;
      units.append(minus, element("span", {}, `${layer.units} neuron${layer.units === 1 ? "" : "s"}`), plus);
      const activation = element("select", { "data-layer-field": "activation", "data-layer": String(index),
        "aria-label": `Activation of hidden layer ${index + 1}` });
      for (const name of ACTIVATIONS) activation.append(new Option(ACTIVATION_NAMES[name], name, false, name === layer.activation));
      const dropout = element("select", { "data-layer-field": "dropout", "data-layer": String(index),
        "aria-label": `Dropout of hidden layer ${index + 1}` });
      const rates = DROPOUTS.includes(layer.dropout) ? DROPOUTS : [...DROPOUTS, layer.dropout].sort();
      for (const rate of rates) {
        dropout.append(new Option(rate ? `dropout ${rate}` : "no dropout", String(rate), false, rate === layer.dropout));
      }
      box.append(units, activation, dropout);
      canvas.append(box);
    });
  }

  function addNode(canvas, key, { x, y, kind, label, feature = null, on = true, color = null }) {
    const tag = feature ? "button" : "div";
    const node = element(tag, { class: `node ${kind}` });
    if (feature) {
      Object.assign(node.dataset, { action: "toggle-feature", feature });
      node.type = "button";
      node.setAttribute("aria-pressed", String(on));
      node.setAttribute("aria-label", `Feature ${feature}`);
      node.title = on ? `${feature}: in use (click to drop)` : `${feature}: not used (click to add)`;
    }
    node.style.left = `${x}px`;
    node.style.top = `${y}px`;
    if (color) node.style.background = color;
    const picture = element("canvas", { width: "1", height: "1", "aria-hidden": "true" });
    node.append(picture);
    node.addEventListener("mouseenter", () => {
      const entry = nodes.get(key);
      if (entry && entry.grid) onNeuronHover({ ...entry.grid, label });
    });
    node.addEventListener("mouseleave", () => onNeuronHover(null));
    canvas.append(node);
    nodes.set(key, { element: node, canvas: picture, x, y, grid: null, label });
    return node;
  }

  function buildNodes(canvas, shape, place) {
    shape.columns.forEach((column, c) => {
      const drawn = Math.min(column.units, MAX_DRAWN);
      for (let i = 0; i < drawn; i += 1) {
        const x = place.x(c);
        const y = place.y(i);
        if (column.kind === "input") {
          const name = column.names[i];
          addNode(canvas, `${c}:${i}`, { x, y, kind: "feature", label: name,
            feature: column.toggles ? name : null, on: column.used[i] });
          const label = element("span", { class: "node-label" }, name);
          label.style.left = `${x - LEFT + 4}px`;
          label.style.top = `${y + NODE / 2 - 8}px`;
          label.style.width = `${LEFT - 10}px`;
          label.style.textAlign = "right";
          canvas.append(label);
        } else if (column.kind === "output") {
          const color = column.units > 1 ? classColor(i) : null;
          addNode(canvas, `${c}:${i}`, { x, y, kind: "output-node", label: column.units > 1 ? `output, class ${i}` : "output", color });
        } else {
          addNode(canvas, `${c}:${i}`, { x, y, kind: "neuron", label: `layer ${c}, neuron ${i + 1}` });
        }
      }
      if (column.units > drawn) {
        const more = element("span", { class: "more-label" }, `+${column.units - drawn} more`);
        more.style.left = `${place.x(c)}px`;
        more.style.top = `${place.y(drawn) + 8}px`;
        canvas.append(more);
      }
    });
  }

  function buildLinks(canvas, shape, place) {
    const svg = document.createElementNS(SVG, "svg");
    svg.classList.add("links");
    svg.setAttribute("width", String(place.width));
    svg.setAttribute("height", String(place.height));
    links = [];
    for (let c = 0; c + 1 < shape.columns.length; c += 1) {
      const from = shape.columns[c];
      const to = shape.columns[c + 1];
      const fromDrawn = Math.min(from.units, MAX_DRAWN);
      const toDrawn = Math.min(to.units, MAX_DRAWN);
      let row = 0; // weights rows count only the inputs in use
      for (let i = 0; i < fromDrawn; i += 1) {
        if (from.kind === "input" && !from.used[i]) continue;
        const weightRow = row;
        row += 1;
        for (let j = 0; j < toDrawn; j += 1) {
          const x1 = place.x(c) + NODE;
          const y1 = place.y(i) + NODE / 2;
          const x2 = place.x(c + 1);
          const y2 = place.y(j) + NODE / 2;
          const mid = (x1 + x2) / 2;
          const d = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
          const visible = document.createElementNS(SVG, "path");
          visible.setAttribute("d", d);
          visible.setAttribute("fill", "none");
          visible.setAttribute("stroke", "#ccc");
          visible.setAttribute("stroke-width", "1");
          const hit = document.createElementNS(SVG, "path");
          hit.setAttribute("d", d);
          hit.setAttribute("class", "hit");
          hit.setAttribute("fill", "none");
          hit.setAttribute("stroke", "transparent");
          hit.setAttribute("stroke-width", "8");
          const link = { visible, hit, layer: c, row: weightRow, column: j, weight: null,
            name: `${nodes.get(`${c}:${i}`).label} → ${nodes.get(`${c + 1}:${j}`).label}` };
          hit.addEventListener("mousemove", (event) => showTip(event,
            link.weight === null ? `${link.name}: no weights yet` : `weight ${formatWeight(link.weight)} (${link.name})`));
          hit.addEventListener("mouseleave", hideTip);
          svg.append(visible, hit);
          links.push(link);
        }
      }
    }
    canvas.prepend(svg);
  }

  function shapeOf(state, inputs, outputUnits) {
    const input = inputs.toggles
      ? { kind: "input", units: FEATURES.length, names: FEATURES, used: FEATURES.map((f) => state.features.includes(f)), toggles: true }
      : { kind: "input", units: inputs.names.length, names: inputs.names, used: inputs.names.map(() => true), toggles: false };
    return {
      columns: [
        input,
        ...state.layers.map((layer) => ({ kind: "hidden", units: layer.units })),
        { kind: "output", units: outputUnits },
      ],
    };
  }

  function rebuild(state, limits, shape) {
    const place = layout(shape);
    const canvas = element("div", { class: "network-canvas" });
    canvas.style.width = `${place.width}px`;
    canvas.style.height = `${place.height}px`;
    nodes = new Map();
    columns = shape.columns;
    buildLayerControls(canvas, state, limits, place);
    buildNodes(canvas, shape, place);
    buildLinks(canvas, shape, place);
    const focused = document.activeElement && container.contains(document.activeElement)
      ? focusKey(document.activeElement) : null;
    container.replaceChildren(canvas);
    if (focused) container.querySelector(focused)?.focus();
  }

  function focusKey(node) {
    if (node.dataset.feature) return `[data-feature="${CSS.escape(node.dataset.feature)}"]`;
    if (node.dataset.layerField) return `[data-layer-field="${node.dataset.layerField}"][data-layer="${node.dataset.layer}"]`;
    if (node.dataset.action) return `[data-action="${node.dataset.action}"][data-layer="${node.dataset.layer}"]`;
    return null;
  }

  function paintPictures(pictures) {
    lastPictures = pictures;
    columns.forEach((column, c) => {
      const drawn = Math.min(column.units, MAX_DRAWN);
      for (let i = 0; i < drawn; i += 1) {
        const entry = nodes.get(`${c}:${i}`);
        let grid = null;
        if (column.kind === "input" && column.toggles) {
          grid = { x: null, y: null, z: featureGrid(column.names[i]) };
        } else if (pictures && column.kind === "hidden") {
          const z = pictures.layers?.[c - 1]?.[i];
          if (z) grid = { x: pictures.x, y: pictures.y, z };
        } else if (pictures && column.kind === "output" && column.units === 1 && pictures.output) {
          grid = { x: pictures.x, y: pictures.y, z: pictures.output };
        }
        if (grid) {
          if (!grid.x) {
            const axis = Array.from({ length: grid.z.length }, (_, k) => -6 + (12 * k) / (grid.z.length - 1));
            grid = { x: axis, y: axis, z: grid.z };
          }
          entry.grid = grid;
          paint(entry.canvas, grid.z);
        } else if (entry.grid && !pictures) {
          entry.grid = null;
          entry.canvas.getContext("2d").clearRect(0, 0, entry.canvas.width, entry.canvas.height);
        }
      }
    });
  }

  function paintWeights(model) {
    const matrices = model ? [...model.layers.map((l) => l.weights), model.output.weights] : null;
    let largest = 0;
    if (matrices) for (const m of matrices) for (const row of m) for (const w of row) if (Number.isFinite(w)) largest = Math.max(largest, Math.abs(w));
    for (const link of links) {
      const weight = matrices?.[link.layer]?.[link.row]?.[link.column];
      link.weight = Number.isFinite(weight) ? weight : null;
      if (link.weight === null) {
        link.visible.setAttribute("stroke", "#ccc");
        link.visible.setAttribute("stroke-width", "1");
        link.visible.removeAttribute("stroke-opacity");
      } else {
        const style = weightStyle(link.weight, largest);
        link.visible.setAttribute("stroke", style.color);
        link.visible.setAttribute("stroke-width", style.width.toFixed(2));
        link.visible.setAttribute("stroke-opacity", style.opacity.toFixed(2));
      }
    }
  }

  return {
    /**
     * `inputs`: {toggles: true} for the seven features, or {toggles: false, names} for wide data;
     * `pictures` the API's neurons answer (or null), `model` its model JSON (or null).
     */
    render({ state, limits, inputs, outputUnits, pictures, model }) {
      const shape = shapeOf(state, inputs, outputUnits);
      const key = JSON.stringify({ shape, layers: state.layers, width: container.clientWidth, max: limits.max_units });
      if (key !== structureKey) {
        structureKey = key;
        rebuild(state, limits, shape);
      }
      paintPictures(pictures ?? null);
      paintWeights(model ?? null);
    },
    get pictures() { return lastPictures; },
  };
}
