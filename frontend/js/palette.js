// Colours: the Okabe-Ito palette (grey for its black, which marks wrong predictions) and two
// dark ones of Paul Tol's 12-colour scheme, so that 10 classes (digits) stay apart with every
// common colour-vision deficiency; and the transforms that turn a boundary grid into heatmap
// values. Pure.

export const CLASS_COLORS = [
  "#E69F00", // orange
  "#0072B2", // blue
  "#009E73", // bluish green
  "#CC79A7", // reddish purple
  "#56B4E9", // sky blue
  "#D55E00", // vermillion
  "#F0E442", // yellow
  "#555555", // grey
  "#332288", // indigo (Tol)
  "#661100", // dark brown (Tol)
];
const NEGATIVE = CLASS_COLORS[0];
const POSITIVE = CLASS_COLORS[1];
const PAPER = "#ffffff";
// The heatmap's surest colour stays this far from a class's own: points drawn in the full
// colour (with a dark outline) stay visible on a saturated region of their own class.
export const SURE_LIGHTNESS = 0.3;
// Regression reads like TF Playground's: negative orange, zero white, positive blue.
const REGRESSION_COLORSCALE = [[0, NEGATIVE], [0.5, PAPER], [1, POSITIVE]];

/** The regression colour of `t` in 0..1 (clamped; 0.5 is zero), as "rgb(r,g,b)". */
export function regressionColor(t) {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0.5));
  return x < 0.5 ? mix(NEGATIVE, PAPER, x * 2) : mix(PAPER, POSITIVE, (x - 0.5) * 2);
}

export function classColor(index) {
  return CLASS_COLORS[((index % CLASS_COLORS.length) + CLASS_COLORS.length) % CLASS_COLORS.length];
}

function channels(hex) {
  const value = parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** `hex` moved towards `other` by `t` in 0..1, as an "rgb(r,g,b)" string. */
export function mix(hex, other, t) {
  const a = channels(hex);
  const b = channels(other);
  const [r, g, bl] = a.map((c, i) => Math.round(c + (b[i] - c) * t));
  return `rgb(${r},${g},${bl})`;
}

/** Orange (class 0) through white to blue (class 1), for P(class 1), lighter than the points. */
export function binaryColorscale() {
  return [[0, mix(NEGATIVE, PAPER, SURE_LIGHTNESS)], [0.5, PAPER], [1, mix(POSITIVE, PAPER, SURE_LIGHTNESS)]];
}

/** The full-strength colour scale of a neuron's picture (no points drawn over it). */
export function neuronColorscale() {
  return [[0, NEGATIVE], [0.5, PAPER], [1, POSITIVE]];
}

/**
 * k bands, one per class, each from a pale (unsure) to the full (sure) colour of its class,
 * for z = class + certainty in [class, class + 1).
 */
export function multiClassColorscale(classes) {
  const scale = [];
  for (let c = 0; c < classes; c += 1) {
    scale.push([c / classes, mix(classColor(c), PAPER, 0.85)]);
    scale.push([(c + 1) / classes - 1e-9, mix(classColor(c), PAPER, SURE_LIGHTNESS)]);
  }
  scale[scale.length - 1][0] = 1;
  return scale;
}

/**
 * Heatmap values and colours for a boundary from the API: `kind` "classification" or
 * "regression", `classes`, `z` (P(class 1) for 2 classes, the class id for more, with
 * `confidence`), or the predicted value for regression. `valueRange` fixes the regression scale.
 */
export function boundaryHeatmap(boundary, { discretize = false, valueRange = null } = {}) {
  const { z, kind, classes } = boundary;
  if (kind === "regression") {
    const [zmin, zmax] = valueRange || symmetricExtent(z);
    return { z, zmin, zmax, colorscale: REGRESSION_COLORSCALE };
  }
  if (!classes || classes <= 2) {
    const values = discretize ? z.map((row) => row.map((p) => (p === null ? null : p >= 0.5 ? 1 : 0))) : z;
    return { z: values, zmin: 0, zmax: 1, colorscale: binaryColorscale() };
  }
  const confidence = boundary.confidence;
  const floor = 1 / classes;
  const values = z.map((row, i) => row.map((c, j) => {
    if (c === null) return null;
    if (discretize || !confidence) return c + 0.999;
    const sure = ((confidence[i][j] ?? 1) - floor) / (1 - floor);
    return c + Math.min(0.999, Math.max(0, sure));
  }));
  return { z: values, zmin: 0, zmax: classes, colorscale: multiClassColorscale(classes) };
}

/** [min, max] of the finite numbers of a 2-D array ([0, 1] when there are none). */
export function extent(rows) {
  let low = Infinity;
  let high = -Infinity;
  for (const row of rows) {
    for (const value of row) {
      if (value === null || !Number.isFinite(value)) continue;
      if (value < low) low = value;
      if (value > high) high = value;
    }
  }
  if (low === Infinity) return [0, 1];
  return low === high ? [low - 1, high + 1] : [low, high];
}

/** A link's look for weight `w`: blue positive, orange negative, wider when larger. */
export function weightStyle(w, largest = 1) {
  const size = Math.min(1, Math.abs(w) / (largest || 1));
  return { color: w >= 0 ? POSITIVE : NEGATIVE, width: 0.5 + 5 * size, opacity: 0.25 + 0.75 * size };
}

/** A neuron's grid mapped to colours, as flat RGBA bytes (for a canvas ImageData). */
export function neuronPixels(grid, { range = null } = {}) {
  const rows = grid.length;
  const cols = rows ? grid[0].length : 0;
  const bytes = new Uint8ClampedArray(rows * cols * 4);
  const [low, high] = range || symmetricExtent(grid);
  const negative = channels(NEGATIVE);
  const positive = channels(POSITIVE);
  const paper = channels(PAPER);
  for (let i = 0; i < rows; i += 1) {
    // Row 0 of the grid is the lowest y; a canvas draws row 0 at the top.
    const target = rows - 1 - i;
    for (let j = 0; j < cols; j += 1) {
      const value = grid[i][j];
      const t = value === null ? 0.5 : (value - low) / (high - low || 1);
      const side = t < 0.5 ? negative : positive;
      const amount = Math.min(1, Math.abs(t - 0.5) * 2);
      const offset = (target * cols + j) * 4;
      for (let k = 0; k < 3; k += 1) bytes[offset + k] = paper[k] + (side[k] - paper[k]) * amount;
      bytes[offset + 3] = 255;
    }
  }
  return bytes;
}

/** [-m, m] around the finite values of a 2-D array, so that zero sits in the middle. */
export function symmetricExtent(grid) {
  const [low, high] = extent(grid);
  const reach = Math.max(Math.abs(low), Math.abs(high)) || 1;
  return [-reach, reach];
}
