// The list of the server's jobs: open one, or tick it to overlay its test loss.

import { formatEpoch, formatLoss } from "./format.js";

function cell(row, content, className = "") {
  const td = row.insertCell();
  if (className) td.className = className;
  if (typeof content === "string") td.textContent = content;
  else td.append(content);
  return td;
}

/** `onOpen(id)` and `onCompare(id, on)` are called when a person acts on a row. */
export function createJobsPanel(tbody, { onOpen, onCompare }) {
  return {
    /**
     * `jobs` newest first; `current` the page's own job (fresher than the list's copy),
     * `compare` the ticked ids, `overlayStyle(id)` the line of a drawn overlay or null.
     */
    render(jobs, { current, compare, overlayStyle }) {
      tbody.replaceChildren(...jobs.map((listed) => {
        const own = listed.id === current?.id;
        const job = own ? { ...listed, ...current, metrics: { ...listed.metrics, ...current.metrics } } : listed;
        const label = job.name || job.id.slice(0, 8);
        const row = document.createElement("tr");
        if (own) row.className = "current";

        const tick = document.createElement("input");
        tick.type = "checkbox";
        tick.checked = compare.includes(job.id);
        tick.disabled = own;
        tick.setAttribute("aria-label", `Compare the loss of ${label}`);
        tick.addEventListener("change", () => onCompare(job.id, tick.checked));
        const tickCell = cell(row, tick);
        const style = tick.checked ? overlayStyle(job.id) : null;
        if (style) {
          const swatch = document.createElement("span");
          swatch.className = "swatch-line";
          swatch.style.borderTopColor = style.color;
          tickCell.append(swatch);
        }

        const name = document.createElement("span");
        name.textContent = label;
        name.title = job.id;
        cell(row, name);
        cell(row, job.status);
        cell(row, formatEpoch(job.epoch), "num");
        cell(row, formatLoss(job.metrics?.test_loss), "num");

        const open = document.createElement("button");
        open.type = "button";
        open.className = "link-button";
        open.textContent = own ? "shown" : "open";
        open.disabled = own;
        open.setAttribute("aria-label", `Open job ${label}`);
        open.addEventListener("click", () => onOpen(job.id));
        cell(row, open);
        return row;
      }));
    },
  };
}
