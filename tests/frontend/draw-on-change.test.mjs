import assert from "node:assert/strict";
import { test } from "node:test";

import { drawOnChange } from "../../frontend/js/draw-on-change.js";

test("a table is drawn again only when its inputs change, not on every new job object", () => {
  const drawn = [];
  const draw = drawOnChange((matrix, names) => drawn.push([matrix, names]));
  const job = () => ({ metrics: { confusion_matrix: [[5, 1], [0, 4]] } }); // a fresh object per message
  for (let message = 0; message < 30; message += 1) draw(job().metrics.confusion_matrix, ["no", "yes"]);
  assert.equal(drawn.length, 1);
  assert.equal(draw([[5, 0], [1, 4]], ["no", "yes"]), true); // the matrix moved
  assert.equal(draw([[5, 0], [1, 4]], ["0", "1"]), true); // the names arrived
  assert.equal(draw([[5, 0], [1, 4]], ["0", "1"]), false);
  assert.equal(drawn.length, 3);
});
