// The confusion matrix as a table: rows are true classes, columns predicted ones.

import { classColor } from "./palette.js";

function classHeader(index, scope) {
  const th = document.createElement("th");
  th.scope = scope;
  th.innerHTML = `<span class="swatch" style="background:${classColor(index)}"></span> ${index}`;
  return th;
}

export function renderConfusionMatrix(container, matrix) {
  container.replaceChildren();
  if (!matrix || !matrix.length) return;
  const largest = Math.max(1, ...matrix.flat());
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  const corner = document.createElement("th");
  corner.className = "corner";
  corner.textContent = "true ↓ predicted →";
  head.append(corner);
  matrix.forEach((_, j) => head.append(classHeader(j, "col")));
  const body = table.createTBody();
  matrix.forEach((row, i) => {
    const tr = body.insertRow();
    tr.append(classHeader(i, "row"));
    row.forEach((count, j) => {
      const cell = tr.insertCell();
      cell.textContent = String(count);
      const strength = count / largest;
      const base = i === j ? "0, 114, 178" : "213, 94, 0";
      cell.style.background = `rgba(${base}, ${(0.08 + 0.6 * strength).toFixed(3)})`;
      if (strength > 0.6) cell.style.color = "#fff";
      cell.title = `${count} of class ${i} predicted as class ${j}`;
    });
  });
  container.append(table);
}
