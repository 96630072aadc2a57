import assert from "node:assert/strict";
import { test } from "node:test";

import { finerClassField } from "../../frontend/js/class-field.js";

const boundary = {
  kind: "classification", classes: 3, x: [0, 1, 2], y: [0, 1],
  z: [[0, 0, 2], [1, 1, 2]], confidence: [[0.9, 0.6, 0.9], [0.9, 0.6, 0.8]],
};

test("the grid is factor times finer and keeps the cells' own classes at their centres", () => {
  const fine = finerClassField(boundary, 4);
  assert.deepEqual(fine.x, [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
  assert.equal(fine.y.length, 5);
  assert.equal(fine.z.length, 5);
  for (const [i, j] of [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]) {
    assert.equal(fine.z[i * 4][j * 4], boundary.z[i][j], `cell ${i},${j}`);
    assert.ok(Math.abs(fine.confidence[i * 4][j * 4] - boundary.confidence[i][j]) < 1e-12);
  }
});

test("an edge runs between two cells, nearer the less sure one, and never shows a third class", () => {
  const fine = finerClassField(boundary, 4);
  const row = fine.z[0]; // class 0 (0.6 sure) at x=1, class 2 (0.9 sure) at x=2
  const firstTwo = row.indexOf(2);
  assert.ok(firstTwo > 4 && firstTwo < 8, `the edge is between the cells: ${row}`);
  assert.ok(firstTwo <= 6, "the surer class reaches further");
  assert.ok(row.every((c) => c === 0 || c === 2), `no class 1 between classes 0 and 2: ${row}`);
});

test("nulls stay null where there is no cell around, and a binary boundary is left alone", () => {
  const holes = { ...boundary, z: [[null, null, 2], [null, null, 2]] };
  assert.equal(finerClassField(holes, 2).z[0][0], null);
  const binary = { kind: "classification", classes: 2, x: [0, 1], y: [0, 1], z: [[0.1, 0.9], [0.2, 0.8]] };
  assert.equal(finerClassField(binary), binary);
});
