// Column roles of a CSV chosen before it is uploaded: the label, the features, the columns
// to ignore, and what to do with missing cells. The page reads the file's first rows itself
// (nothing is sent until Upload), shows each column with the kind of its cells, and the
// upload sends the choice (label_column, ignore, missing).

const HEAD_BYTES = 64 * 1024;
const HEAD_ROWS = 200;
const MISSING = new Set(["", "na", "n/a", "null", "?"]);
const ROLES = ["label", "feature", "ignore"];

/** Rows of cells of CSV `text` (quotes and doubled quotes as spreadsheets write them). */
export function parseRows(text, most = HEAD_ROWS + 1) {
  const rows = [];
  let row = [], cell = "", quoted = false;
  const endRow = () => {
    row.push(cell.trim());
    if (row.length > 1 || row[0] !== "") rows.push(row);
    row = [];
    cell = "";
  };
  for (let i = 0; i < text.length && rows.length < most; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 1; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(cell.trim()); cell = ""; }
    else if (c === "\n") endRow();
    else if (c !== "\r") cell += c;
  }
  if (cell || row.length) endRow();
  return rows;
}

/** Per column of `rows` (header first): its name, "number" or "text", and its missing cells. */
export function describeColumns(rows) {
  const [header = [], ...body] = rows;
  return header.map((name, j) => {
    const cells = body.map((r) => r[j] ?? "");
    const filled = cells.filter((c) => !MISSING.has(c.toLowerCase()));
    const numbers = filled.filter((c) => c !== "" && Number.isFinite(Number(c))).length;
    return { name: name.replace(/^\ufeff/, ""), kind: numbers * 2 > filled.length ? "number" : "text",
      missing: cells.length - filled.length, values: new Set(filled).size };
  });
}

function roleSelect(column, role) {
  const select = document.createElement("select");
  select.dataset.column = column.name;
  select.dataset.testid = `role-${column.name}`;
  select.setAttribute("aria-label", `Role of the column ${column.name}`);
  for (const choice of ROLES) select.append(new Option(choice, choice, false, choice === role));
  return select;
}

function roleRow(column, role) {
  const tr = document.createElement("tr");
  const name = document.createElement("th");
  name.scope = "row";
  name.textContent = column.name;
  const kind = document.createElement("td");
  kind.className = "hint";
  const words = column.kind === "text" ? `text, ${column.values} values` : "numbers";
  kind.textContent = column.missing ? `${words}, ${column.missing} missing` : words;
  const cell = document.createElement("td");
  cell.append(roleSelect(column, role));
  tr.append(name, kind, cell);
  return tr;
}

/** Show the roles of `columns` in `container`: the last column is the label at first. */
export function renderRoles(container, columns) {
  const table = document.createElement("table");
  table.className = "roles-table";
  table.createTHead().innerHTML = "<tr><th scope=\"col\">Column</th><th scope=\"col\">Cells</th><th scope=\"col\">Role</th></tr>";
  const body = table.createTBody();
  columns.forEach((column, j) => body.append(roleRow(column, j === columns.length - 1 ? "label" : "feature")));
  const missing = document.createElement("label");
  missing.className = "field";
  missing.innerHTML = "<span class=\"caption\">Rows with missing cells</span>";
  const choice = document.createElement("select");
  choice.dataset.missing = "";
  choice.append(new Option("drop them", "drop"), new Option("fill in (mean, most frequent)", "impute"));
  missing.append(choice);
  const hint = document.createElement("p");
  hint.className = "hint";
  hint.textContent = "Text features are one-hot encoded (at most 20 values each); text labels are class names.";
  container.replaceChildren(table, missing, hint);
  container.hidden = false;
  // One label at a time: choosing another makes the previous one a feature.
  table.addEventListener("change", (event) => {
    if (event.target.value !== "label") return;
    for (const other of table.querySelectorAll("select")) if (other !== event.target && other.value === "label") other.value = "feature";
  });
}

/** The roles chosen in `container`: {label, ignore: [names], missing}, or null if none shown. */
export function chosenRoles(container) {
  if (!container || container.hidden) return null;
  const selects = [...container.querySelectorAll("select[data-column]")];
  const named = (role) => selects.filter((s) => s.value === role).map((s) => s.dataset.column);
  return { label: named("label")[0] || "", ignore: named("ignore"),
    missing: container.querySelector("select[data-missing]")?.value || "drop" };
}

/** When a file is chosen in `fileInput`, show its columns' roles in `container`. */
export function setupColumnRoles(fileInput, container, labelField) {
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files[0];
    container.hidden = true;
    if (labelField) labelField.hidden = false;
    if (!file) return;
    const columns = describeColumns(parseRows(await file.slice(0, HEAD_BYTES).text()));
    if (columns.length < 2) return; // the server says what is wrong with it
    renderRoles(container, columns);
    if (labelField) labelField.hidden = true;
  });
}
