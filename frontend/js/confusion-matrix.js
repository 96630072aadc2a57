// The confusion matrix as a table: rows are true classes, columns predicted ones, both
// headed by the classes' names (iris: setosa, versicolor, virginica).

import { classColor } from "./palette.js";

function classHeader(index, name, scope) {
  const th = document.createElement("th");
  th.scope = scope;
  th.title = `class ${index}`;
  const swatch = document.createElement("span");
  swatch.className = "swatch";
  swatch.style.background = classColor(index);
  th.append(swatch, ` ${name}`);
  return th;
}

/** `matrix` (rows: true class) into `container`; `names` the classes' names (default: indices). */
export function renderConfusionMatrix(container, matrix, names = []) {
  container.replaceChildren();
  if (!matrix || !matrix.length) return;
  const nameOf = (c) => names[c] ?? String(c);
  const largest = Math.max(1, ...matrix.flat());
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  const corner = document.createElement("th");
  corner.className = "corner";
  corner.textContent = "true ↓ predicted →";
  head.append(corner);
  matrix.forEach((_, j) => head.append(classHeader(j, nameOf(j), "col")));
  const body = table.createTBody();
  matrix.forEach((row, i) => {
    const tr = body.insertRow();
    tr.append(classHeader(i, nameOf(i), "row"));
    row.forEach((count, j) => {
      const cell = tr.insertCell();
      cell.textContent = String(count);
      const strength = count / largest;
      const base = i === j ? "0, 114, 178" : "213, 94, 0";
      cell.style.background = `rgba(${base}, ${(0.08 + 0.6 * strength).toFixed(3)})`;
      if (strength > 0.6) cell.style.color = "#fff";
      cell.title = `${count} of ${nameOf(i)} predicted as ${nameOf(j)}`;
    });
  });
  container.append(table);
}
