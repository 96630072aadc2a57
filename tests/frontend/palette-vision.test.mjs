import assert from "node:assert/strict";
import { test } from "node:test";

import { CLASS_COLORS, SURE_LIGHTNESS, mix } from "../../frontend/js/palette.js";
import { DEFICIENCIES, closestPair, deltaE, linearRgb, simulate } from "./color-vision.mjs";

// Well above a just-noticeable difference (about 2.3): colours a person tells apart at a glance.
const DISTINCT = 15;

test("the simulation itself: red and green collapse under deuteranopia, not in normal vision", () => {
  const [red, green] = [linearRgb("#d62728"), linearRgb("#2ca02c")];
  assert.ok(deltaE(red, green) > 60);
  assert.ok(deltaE(simulate(red, "deuteranopia"), simulate(green, "deuteranopia")) < 30);
});

for (const classes of [4, 6, 8, 10]) {
  test(`${classes} class colours stay distinct under every simulated deficiency`, () => {
    const colors = CLASS_COLORS.slice(0, classes);
    for (const deficiency of [null, ...DEFICIENCIES]) {
      const { distance, pair } = closestPair(colors, deficiency);
      assert.ok(distance >= DISTINCT, `${deficiency ?? "normal"}: ${pair} are ${distance.toFixed(1)} apart`);
    }
  });
}

test("the heatmap's surest colours of 4 classes stay distinct too, and lighter than the points", () => {
  const regions = CLASS_COLORS.slice(0, 4).map((color) => mix(color, "#ffffff", SURE_LIGHTNESS));
  for (const deficiency of [null, ...DEFICIENCIES]) {
    const { distance, pair } = closestPair(regions, deficiency);
    assert.ok(distance >= 10, `${deficiency ?? "normal"}: regions ${pair} are ${distance.toFixed(1)} apart`);
  }
  for (const [i, color] of CLASS_COLORS.slice(0, 4).entries()) {
    assert.ok(deltaE(linearRgb(color), linearRgb(regions[i])) >= 10, `a point of class ${i} stands out on its region`);
  }
});
