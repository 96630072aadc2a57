// The shape of the diagram, pure: its columns (inputs, hidden layers, output) and how many
// nodes of each are drawn. The server is asked for the pictures and weights of exactly these
// units of a big network (`units_per_layer`), so the page never receives what it cannot show.

export const MAX_DRAWN = 16; // nodes drawn per column; the rest are "+n more"
export const SUMMARY_DRAWN = 4; // ... in the summary of a big network
const INPUTS_DRAWN = 12; // inputs drawn of more than MAX_DRAWN (an image's pixels); the rest "+n more"
const SUMMARY_BEYOND = 2000; // links: a network with more is drawn as a summary

/** Columns of the network: the inputs, one per hidden layer, the output. */
export function networkShape(state, inputs, outputUnits) {
  const names = inputs.names;
  const input = { kind: "input", units: names.length, names, toggles: inputs.toggles,
    used: names.map((name) => !inputs.toggles || state.features.includes(name)) };
  return [input, ...state.layers.map((layer) => ({ kind: "hidden", units: layer.units })),
    { kind: "output", units: outputUnits }];
}

/** How many nodes of each column are drawn: all up to MAX_DRAWN, fewer in a big network's summary. */
export function drawnCount(columns) {
  let links = 0;
  for (let c = 0; c + 1 < columns.length; c += 1) links += drawnUnits(columns[c], Infinity) * columns[c + 1].units;
  return links > SUMMARY_BEYOND ? SUMMARY_DRAWN : MAX_DRAWN;
}

/** The nodes of `column` drawn when a column shows at most `most` neurons. Inputs are toggles,
 * all drawn, unless there are more than MAX_DRAWN (then they are columns of wide data). */
export function drawnUnits(column, most) {
  if (column.kind === "input") return column.units > MAX_DRAWN ? INPUTS_DRAWN : column.units;
  return Math.min(column.units, most);
}
