// The list of the server's jobs: open one, tick it to overlay its test loss, rename or delete
// it. Rows are kept per job and updated in place, so focus and hover survive every refresh.

import { formatEpoch, formatLoss } from "./format.js";

function button(text, className = "link-button") {
  const node = document.createElement("button");
  node.type = "button";
  node.className = className;
  node.textContent = text;
  return node;
}

/** One row's elements, built once per job; `update(job, view)` sets what changed. */
function createRow(id, { onOpen, onCompare, onRename, onDelete }) {
  const row = document.createElement("tr");
  row.dataset.job = id;
  const cells = Array.from({ length: 6 }, () => row.insertCell());
  cells[3].className = cells[4].className = "num";
  const tick = document.createElement("input");
  tick.type = "checkbox";
  tick.addEventListener("change", () => onCompare(id, tick.checked));
  const swatch = document.createElement("span");
  swatch.className = "swatch-line";
  cells[0].append(tick, swatch);
  const name = document.createElement("span");
  name.className = "job-name";
  const rename = button("rename");
  const nameField = document.createElement("input");
  nameField.type = "text";
  nameField.maxLength = 100;
  nameField.hidden = true;
  cells[1].append(name, nameField);
  const open = button("open");
  open.addEventListener("click", () => onOpen(id));
  const remove = button("delete");
  cells[5].append(open, rename, remove);

  function finishRename(save) {
    if (nameField.hidden) return;
    nameField.hidden = true;
    name.hidden = false;
    const wanted = nameField.value.trim();
    if (save && wanted && wanted !== name.textContent) onRename(id, wanted);
  }
  rename.addEventListener("click", () => {
    nameField.value = name.textContent;
    [name.hidden, nameField.hidden] = [true, false];
    nameField.focus();
    nameField.select();
  });
  nameField.addEventListener("keydown", (event) => {
    if (event.key === "Enter") finishRename(true);
    if (event.key === "Escape") finishRename(false);
  });
  nameField.addEventListener("blur", () => finishRename(true));
  // Two presses: the first asks, the second deletes (no dialog to dismiss).
  remove.addEventListener("click", () => {
    if (remove.dataset.armed) onDelete(id);
    else [remove.dataset.armed, remove.textContent] = ["1", "delete?"];
  });
  remove.addEventListener("blur", () => {
    delete remove.dataset.armed;
    remove.textContent = "delete";
  });

  const set = (node, key, value) => {
    if (node[key] !== value) node[key] = value;
  };
  return {
    row,
    update(job, { own, compared, style }) {
      const label = job.name || job.id.slice(0, 8);
      row.classList.toggle("current", own);
      set(tick, "checked", compared);
      set(tick, "disabled", own);
      tick.setAttribute("aria-label", `Compare the loss of ${label}`);
      swatch.hidden = !style;
      if (style) swatch.style.borderTopColor = style.color;
      set(name, "textContent", label);
      set(name, "title", job.id);
      set(cells[2], "textContent", job.status);
      set(cells[3], "textContent", formatEpoch(job.epoch));
      set(cells[4], "textContent", formatLoss(job.metrics?.test_loss));
      set(open, "textContent", own ? "shown" : "open");
      set(open, "disabled", own);
      open.setAttribute("aria-label", `Open job ${label}`);
      rename.setAttribute("aria-label", `Rename job ${label}`);
      remove.setAttribute("aria-label", `Delete job ${label}`);
      set(remove, "disabled", own && job.status === "running");
      // Multi-user mode: another owner's run can be watched, not renamed or deleted.
      const mine = job.can_act !== false;
      set(rename, "hidden", !mine);
      set(remove, "hidden", !mine);
    },
  };
}

/** `onOpen(id)`, `onCompare(id, on)`, `onRename(id, name)`, `onDelete(id)` when a person acts on a row. */
export function createJobsPanel(tbody, actions) {
  const rows = new Map();
  return {
    /**
     * `jobs` newest first; `current` the page's own job (fresher than the list's copy),
     * `compare` the ticked ids, `overlayStyle(id)` the line of a drawn overlay or null.
     */
    render(jobs, { current, compare, overlayStyle }) {
      const wanted = new Set(jobs.map((job) => job.id));
      for (const [id, entry] of rows) {
        if (!wanted.has(id)) {
          entry.row.remove();
          rows.delete(id);
        }
      }
      let previous = null;
      for (const listed of jobs) {
        const own = listed.id === current?.id;
        const job = own ? { ...listed, ...current, metrics: { ...listed.metrics, ...current.metrics } } : listed;
        if (!rows.has(job.id)) rows.set(job.id, createRow(job.id, actions));
        const entry = rows.get(job.id);
        const compared = compare.includes(job.id);
        entry.update(job, { own, compared, style: compared ? overlayStyle(job.id) : null });
        const place = previous ? previous.nextSibling : tbody.firstChild;
        if (place !== entry.row) tbody.insertBefore(entry.row, place); // moves only when out of order
        previous = entry.row;
      }
    },
  };
}
