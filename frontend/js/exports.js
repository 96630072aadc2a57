// Exports of what the page shows: PNG of a chart (Plotly's own image export, drawn in the
// page), the model (JSON, npz), the metrics history (CSV), the run as a Python or PyTorch
// script and its standalone report, as the API serves them.

import { downloads } from "./api.js";

/** Point the download links at the page's job (hidden when there is none). */
export function showExports($, job) {
  const links = { "export-model-json": downloads.modelJson, "export-model-npz": downloads.modelNpz,
    "export-metrics": downloads.metricsCsv, "export-python": downloads.pythonScript,
    "export-pytorch": downloads.pytorchScript, "export-report": downloads.report };
  for (const [id, address] of Object.entries(links)) {
    const link = $(id);
    const href = job ? address(job.id) : "";
    if (link.getAttribute("href") !== href) {
      if (href) link.setAttribute("href", href);
      else link.removeAttribute("href");
    }
    link.hidden = !job;
  }
}

/** Save the Plotly chart in `element` as a PNG named `name`. */
export function downloadChart(element, name) {
  return window.Plotly.downloadImage(element, { format: "png", filename: name,
    width: element.clientWidth || 600, height: element.clientHeight || 400 });
}
