// Edits of the network a person makes: hidden layers (add-layer adds exactly one), their
// neurons and the input features. Pure; `rules` are the server's choices and limits.

export function addLayer(state, { limits }) {
  if (state.layers.length >= limits.max_hidden_layers) return state;
  const last = state.layers.at(-1);
  const layer = last ? { ...last, dropout: 0 } : { units: 4, activation: "tanh", dropout: 0 };
  return { ...state, layers: [...state.layers, layer] };
}

export function removeLayer(state) {
  return state.layers.length ? { ...state, layers: state.layers.slice(0, -1) } : state;
}

export function changeLayer(state, index, change, { limits }) {
  if (!state.layers[index]) throw new Error(`no hidden layer ${index} (there are ${state.layers.length})`);
  const layers = state.layers.map((layer, i) => (i === index ? { ...layer, ...change } : layer));
  const units = layers[index].units;
  if (!(Number.isInteger(units) && units >= 1 && units <= limits.max_units)) return state;
  return { ...state, layers };
}

export function addNeuron(state, index, rules) {
  return changeLayer(state, index, { units: state.layers[index].units + 1 }, rules);
}

export function removeNeuron(state, index, rules) {
  return changeLayer(state, index, { units: state.layers[index].units - 1 }, rules);
}

/** Use or drop feature `name`; the features stay in the server's order. */
export function toggleFeature(state, name, { choices }) {
  const features = choices.features;
  if (!features.includes(name)) throw new Error(`unknown feature '${name}'`);
  const on = state.features.includes(name);
  if (on && state.features.length === 1) return state; // a network needs an input
  const chosen = on ? state.features.filter((f) => f !== name) : [...state.features, name];
  return { ...state, features: features.filter((f) => chosen.includes(f)) };
}

/** The state after a network edit of the diagram (see network.js for the edits). */
export function applyNetworkEdit(state, edit, rules) {
  switch (edit.type) {
    case "toggle-feature": return toggleFeature(state, edit.feature, rules);
    case "add-neuron": return addNeuron(state, edit.layer, rules);
    case "remove-neuron": return removeNeuron(state, edit.layer, rules);
    case "layer": return changeLayer(state, edit.layer, edit.change, rules);
    default: throw new Error(`unknown network edit '${edit.type}'`);
  }
}
