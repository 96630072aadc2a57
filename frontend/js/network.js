// The network panel: the layer editor and the diagram (inputs, neurons with a small
// heatmap of what each computes, links whose width and colour show the weights).
// Structure is rebuilt only when the shape changes; pictures and weights repaint in place.

import { formatWeight } from "./format.js";
import { buildDiagram } from "./network-diagram.js";
import { networkShape } from "./network-shape.js";
import { paintPictures, paintWeights } from "./network-paint.js";

/** The edit a click on a `[data-action]` button of the diagram asks for. */
function clickEdit(button) {
  if (button.dataset.action === "toggle-feature") return { type: "toggle-feature", feature: button.dataset.feature };
  return { type: button.dataset.action, layer: Number(button.dataset.layer) };
}

/** The edit a change of a layer's select asks for. */
function fieldEdit(field) {
  const value = field.dataset.layerField === "dropout" ? Number(field.value) : field.value;
  return { type: "layer", layer: Number(field.dataset.layer), change: { [field.dataset.layerField]: value } };
}

/** A selector that finds `node`'s counterpart in a rebuilt diagram, so focus survives it. */
function focusKey(node) {
  if (node.dataset.feature) return `[data-feature="${CSS.escape(node.dataset.feature)}"]`;
  if (node.dataset.layerField) return `[data-layer-field="${node.dataset.layerField}"][data-layer="${node.dataset.layer}"]`;
  if (node.dataset.action) return `[data-action="${node.dataset.action}"][data-layer="${node.dataset.layer}"]`;
  return null;
}

function linkTip(tooltip, event, link) {
  tooltip.hidden = !link;
  if (!link) return;
  tooltip.textContent = link.weight === null
    ? `${link.name}: no weights yet` : `weight ${formatWeight(link.weight)} (${link.name}); click to edit`;
  tooltip.style.left = `${event.clientX + 12}px`;
  tooltip.style.top = `${event.clientY + 12}px`;
}

/**
 * `onEdit(edit)` gets {type: "toggle-feature", feature} | {type: "add-neuron" | "remove-neuron", layer}
 * | {type: "layer", layer, change}. `onNeuronHover(picture | null)` gets {x, y, z, label}.
 * `onEditWeight(event, {layer, unit, input, value, name})` when a link (a weight) or a neuron
 * (its bias: input null) is clicked.
 */
export function createNetworkView(container, { onEdit, onNeuronHover, onEditWeight, tooltip }) {
  const diagram = { key: "", columns: [], nodes: new Map(), links: [], painted: {} };
  // Reading the width forces a layout: read it only after a resize.
  let width = null;
  window.addEventListener("resize", () => { width = null; });
  const handlers = {
    onHover: (node) => onNeuronHover(node?.grid ? { ...node.grid, label: node.label } : null),
    onTip: (event, link) => linkTip(tooltip, event, link),
    onEditWeight: (event, link) => onEditWeight(event, { layer: link.layer, unit: link.column, input: link.row,
      value: link.weight, name: link.name }),
    onEditBias: (event, { layer, unit, label, entry }) => onEditWeight(event, { layer, unit, input: null,
      value: entry.biasValue, name: label }),
  };

  container.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action]");
    if (button && container.contains(button) && !button.disabled) onEdit(clickEdit(button));
  });
  container.addEventListener("change", (event) => {
    const field = event.target.closest("[data-layer-field]");
    if (field) onEdit(fieldEdit(field));
  });

  function rebuild(columns, state, rules) {
    const built = buildDiagram({ columns, state, rules, width: container.clientWidth }, handlers);
    diagram.painted = {};
    Object.assign(diagram, { columns, nodes: built.nodes, links: built.links });
    const focused = container.contains(document.activeElement) ? focusKey(document.activeElement) : null;
    container.replaceChildren(built.canvas);
    if (focused) container.querySelector(focused)?.focus();
  }

  return {
    /**
     * `inputs`: {toggles: true, names: the server's features} or {toggles: false, names: the
     * columns of wide data}; `pictures` the API's neurons answer (or null), `features` the
     * server's picture of every feature (or null), `model` its model JSON (or null); `rules`
     * the server's choices and limits.
     */
    render({ state, rules, inputs, outputUnits, pictures, features, model }) {
      const columns = networkShape(state, inputs, outputUnits);
      width ??= container.clientWidth;
      const key = JSON.stringify({ columns, layers: state.layers, width, rules });
      const painted = diagram.painted;
      if (key !== diagram.key) {
        diagram.key = key;
        rebuild(columns, state, rules);
      } else if (painted.pictures === pictures && painted.features === features && painted.model === model) return;
      diagram.painted = { pictures, features, model };
      paintPictures(diagram.nodes, diagram.columns, pictures, features, inputs.toggles);
      paintWeights(diagram.links, model, diagram.nodes);
    },
  };
}
