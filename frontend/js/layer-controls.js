// The controls above each hidden layer of the diagram: neurons -/+, activation, dropout.

const DROPOUTS = [0, 0.1, 0.2, 0.3, 0.5];
const ACTIVATION_LABELS = { tanh: "Tanh", relu: "ReLU", leaky_relu: "Leaky ReLU", sigmoid: "Sigmoid", linear: "Linear" };

export function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text) node.textContent = text;
  return node;
}

function unitButtons(layer, index, limits) {
  const units = element("div", { class: "units" });
  const minus = element("button", { type: "button", class: "round small", "data-action": "remove-neuron",
    "data-layer": String(index), "aria-label": `Remove a neuron from hidden layer ${index + 1}` }, "−");
  minus.disabled = layer.units <= 1;
  const plus = element("button", { type: "button", class: "round small", "data-action": "add-neuron",
    "data-layer": String(index), "aria-label": `Add a neuron to hidden layer ${index + 1}` }, "+");
  plus.disabled = layer.units >= limits.max_units;
  const count = element("span", { class: "unit-count" }, String(layer.units));
  count.append(element("span", { class: "unit-word" }, ` neuron${layer.units === 1 ? "" : "s"}`));
  units.append(minus, count, plus);
  return units;
}

function activationSelect(layer, index, activations) {
  const select = element("select", { "data-layer-field": "activation", "data-layer": String(index),
    "aria-label": `Activation of hidden layer ${index + 1}` });
  for (const name of activations) {
    select.append(new Option(ACTIVATION_LABELS[name] || name, name, false, name === layer.activation));
  }
  return select;
}

function dropoutSelect(layer, index) {
  const select = element("select", { "data-layer-field": "dropout", "data-layer": String(index),
    "aria-label": `Dropout of hidden layer ${index + 1}` });
  const rates = DROPOUTS.includes(layer.dropout) ? DROPOUTS : [...DROPOUTS, layer.dropout].sort();
  for (const rate of rates) {
    select.append(new Option(rate ? `dropout ${rate}` : "no dropout", String(rate), false, rate === layer.dropout));
  }
  return select;
}

/** One box of controls per hidden layer of `state`, placed above its column by `left(index)`. */
export function layerControls(state, { choices, limits }, left) {
  return state.layers.map((layer, index) => {
    const box = element("div", { class: "layer-controls" });
    box.style.left = `${left(index)}px`;
    box.style.top = "0px";
    box.append(unitButtons(layer, index, limits), activationSelect(layer, index, choices.activations),
      dropoutSelect(layer, index));
    return box;
  });
}
