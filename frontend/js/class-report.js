// Per-class precision and recall from a confusion matrix (rows: true class, columns: the
// predicted one), shown as a table next to the matrix.

import { formatAccuracy } from "./format.js";

/** Per class: {precision, recall, support}; null where nothing was predicted / present. */
export function classReport(matrix) {
  return matrix.map((row, c) => {
    const predicted = matrix.reduce((sum, other) => sum + other[c], 0);
    const support = row.reduce((sum, count) => sum + count, 0);
    return { precision: predicted ? row[c] / predicted : null, recall: support ? row[c] / support : null, support };
  });
}

/** The table of `classReport(matrix)` in `container`, rows named by `names`. */
export function renderClassReport(container, matrix, names = []) {
  const table = document.createElement("table");
  table.className = "class-report";
  table.dataset.testid = "class-report";
  table.createTHead().innerHTML = "<tr><th scope=\"col\">Class</th><th scope=\"col\" class=\"num\">Precision</th>"
    + "<th scope=\"col\" class=\"num\">Recall</th><th scope=\"col\" class=\"num\">Rows</th></tr>";
  const body = table.createTBody();
  classReport(matrix).forEach(({ precision, recall, support }, c) => {
    const tr = body.insertRow();
    const name = document.createElement("th");
    name.scope = "row";
    name.textContent = names[c] !== undefined && names[c] !== String(c) ? `${c} ${names[c]}` : String(c);
    tr.append(name);
    for (const value of [precision, recall]) {
      const cell = tr.insertCell();
      cell.className = "num";
      cell.textContent = value === null ? "–" : formatAccuracy(value);
    }
    const rows = tr.insertCell();
    rows.className = "num";
    rows.textContent = String(support);
  });
  container.replaceChildren(table);
}
