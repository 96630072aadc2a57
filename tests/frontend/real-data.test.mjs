// The pure parts of the real-data views: precision/recall from a confusion matrix, and the
// column roles' reading of a CSV's first rows.
import assert from "node:assert/strict";
import { test } from "node:test";

import { classReport } from "../../frontend/js/class-report.js";
import { describeColumns, parseRows } from "../../frontend/js/column-roles.js";

test("precision is per predicted column, recall per true row", () => {
  const report = classReport([[8, 2, 0], [1, 9, 0], [0, 0, 0]]);
  assert.deepEqual(report[0], { precision: 8 / 9, recall: 0.8, support: 10 });
  assert.deepEqual(report[1], { precision: 9 / 11, recall: 0.9, support: 10 });
  assert.deepEqual(report[2], { precision: null, recall: null, support: 0 });
});

test("a spreadsheet's first rows: quotes, CRLF, numbers, text and missing cells", () => {
  const rows = parseRows('\ufeffweight,"colour, name",fruit\r\n1.5,red,apple\r\n,"dark ""green""",pear\r\n2,NA,plum\r\n');
  assert.deepEqual(rows[2], ["", 'dark "green"', "pear"]);
  const columns = describeColumns(rows);
  assert.deepEqual(columns.map((c) => [c.name, c.kind, c.missing]),
    [["weight", "number", 1], ["colour, name", "text", 1], ["fruit", "text", 0]]);
});
