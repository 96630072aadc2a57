// A multi-class boundary drawn smoothly. The API gives, per grid cell, the predicted class
// and its probability; drawn as they are, class edges are a staircase of cells, and a
// smoothed heatmap would blend two classes' colours into a third's. Instead each class gets a
// score per cell (its probability where it wins, an even share of the rest elsewhere), the
// scores are interpolated bilinearly onto a grid `factor` times finer, and the finer grid
// takes the class of the highest score: edges then run between the cells. Pure.

export const FINER = 4;

function linspace(values, factor) {
  const out = [];
  for (let i = 0; i + 1 < values.length; i += 1) {
    for (let s = 0; s < factor; s += 1) out.push(values[i] + ((values[i + 1] - values[i]) * s) / factor);
  }
  out.push(values.at(-1));
  return out;
}

/** The score of class `c` in a cell of class `winner` with probability `p`, among `k`. */
const score = (c, winner, p, k) => (c === winner ? p : (1 - p) / (k - 1));

/**
 * `boundary` = {x, y, z: class ids (rows along y), confidence, classes} -> the same shape on
 * a grid `factor` times finer (null where the cells around are all null).
 */
export function finerClassField(boundary, factor = FINER) {
  const { x, y, z, confidence, classes: k } = boundary;
  if (!confidence || x.length < 2 || y.length < 2 || factor <= 1) return boundary;
  const [fx, fy] = [linspace(x, factor), linspace(y, factor)];
  const cells = (i, j) => (z[i]?.[j] === null || z[i]?.[j] === undefined ? null : [z[i][j], confidence[i][j] ?? 1]);
  const zOut = [];
  const confidenceOut = [];
  const scores = new Float64Array(k);
  for (let a = 0; a < fy.length; a += 1) {
    const [i, v] = [Math.floor(a / factor), (a % factor) / factor];
    const rowZ = new Array(fx.length);
    const rowC = new Array(fx.length);
    for (let b = 0; b < fx.length; b += 1) {
      const [j, u] = [Math.floor(b / factor), (b % factor) / factor];
      scores.fill(0);
      let weight = 0;
      for (const [di, dj, w] of [[0, 0, (1 - v) * (1 - u)], [0, 1, (1 - v) * u], [1, 0, v * (1 - u)], [1, 1, v * u]]) {
        const cell = w > 0 ? cells(i + di, j + dj) : null;
        if (!cell) continue;
        weight += w;
        for (let c = 0; c < k; c += 1) scores[c] += w * score(c, cell[0], cell[1], k);
      }
      if (weight === 0) {
        [rowZ[b], rowC[b]] = [null, null];
        continue;
      }
      let best = 0;
      for (let c = 1; c < k; c += 1) if (scores[c] > scores[best]) best = c;
      [rowZ[b], rowC[b]] = [best, scores[best] / weight];
    }
    zOut.push(rowZ);
    confidenceOut.push(rowC);
  }
  return { ...boundary, x: fx, y: fy, z: zOut, confidence: confidenceOut };
}
