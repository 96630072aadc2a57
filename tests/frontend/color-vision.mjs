// Simulated colour-vision deficiencies (Machado, Oliveira & Fernandes 2009, severity 1.0, on
// linear RGB) and the CIE76 difference of two colours in Lab, for the palette's tests.

const MACHADO = {
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
};
export const DEFICIENCIES = Object.keys(MACHADO);

const linear = (c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

/** "#rrggbb" or "rgb(r,g,b)" -> linear RGB in 0..1. */
export function linearRgb(color) {
  const bytes = color.startsWith("#")
    ? [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16))
    : color.match(/\d+/g).map(Number);
  return bytes.map((b) => linear(b / 255));
}

export function simulate(rgb, deficiency) {
  return MACHADO[deficiency].map((row) => Math.min(1, Math.max(0, row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2])));
}

function lab([r, g, b]) {
  const X = 0.4124 * r + 0.3576 * g + 0.1805 * b;
  const Y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const Z = 0.0193 * r + 0.1192 * g + 0.9505 * b;
  const f = (t) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const [fx, fy, fz] = [f(X / 0.95047), f(Y), f(Z / 1.08883)];
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** CIE76 ΔE between two linear-RGB colours (about 2.3 is just noticeable). */
export function deltaE(a, b) {
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

/** The closest pair of `colors` as seen with `deficiency` (null: normal vision): {distance, pair}. */
export function closestPair(colors, deficiency = null) {
  const seen = colors.map((color) => (deficiency ? simulate(linearRgb(color), deficiency) : linearRgb(color)));
  let closest = { distance: Infinity, pair: null };
  for (let i = 0; i < seen.length; i += 1) {
    for (let j = i + 1; j < seen.length; j += 1) {
      const distance = deltaE(seen[i], seen[j]);
      if (distance < closest.distance) closest = { distance, pair: [colors[i], colors[j]] };
    }
  }
  return closest;
}
