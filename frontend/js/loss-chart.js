// The live loss curve: train and test lines against epochs, plus other jobs to compare.

import { BASE_LAYOUT, centredNote, escapeHtml, plot } from "./chart-base.js";

const TRAIN_LINE = "#0072B2";
const TEST_LINE = "#D55E00";
const OVERLAY_DASHES = ["dot", "dash", "dashdot", "longdash"];
const OVERLAY_COLORS = ["#555555", "#009E73", "#CC79A7", "#56B4E9", "#E69F00"];

/** The line of the `index`-th job drawn for comparison. */
export function overlayStyle(index) {
  return { color: OVERLAY_COLORS[index % OVERLAY_COLORS.length], dash: OVERLAY_DASHES[index % OVERLAY_DASHES.length] };
}

function traces(history, overlays) {
  // A handful of points reads better with markers (a single point has no line to show).
  const mode = history.epoch.length < 20 ? "lines+markers" : "lines";
  const line = (name, y, color) => ({
    type: "scatter", mode, name, x: history.epoch, y, line: { color, width: 2 },
    hovertemplate: `%{y:.4f}<extra>${name}</extra>`, connectgaps: true,
  });
  const own = [line("Train loss", history.train_loss, TRAIN_LINE), line("Test loss", history.test_loss, TEST_LINE)];
  const others = overlays.map((overlay, i) => ({
    type: "scatter", mode: "lines", name: overlay.name, x: overlay.history.epoch, y: overlay.history.test_loss,
    line: { ...overlayStyle(i), width: 1.5 }, connectgaps: true,
    hovertemplate: `%{y:.4f}<extra>${escapeHtml(overlay.name)} (test)</extra>`,
  }));
  return [...others, ...own];
}

function layout(empty, logScale) {
  return {
    ...BASE_LAYOUT,
    margin: { l: 44, r: 8, t: 6, b: 30 },
    showlegend: true,
    legend: { orientation: "h", x: 1, xanchor: "right", y: 1, yanchor: "bottom", font: { size: 10 } },
    hovermode: "x unified",
    xaxis: { title: { text: "epoch", standoff: 4 }, zeroline: false, gridcolor: "#eee", rangemode: "tozero",
      fixedrange: true, showticklabels: !empty, automargin: true },
    yaxis: { type: logScale ? "log" : "linear", gridcolor: "#eee", zeroline: false, fixedrange: true,
      showticklabels: !empty, automargin: true,
      rangemode: logScale ? undefined : "tozero", exponentformat: "power" },
    annotations: empty ? [centredNote("Press play or step to train", { font: { size: 12, color: "#888" } })] : [],
  };
}

/** Draw `history` (columnar) and `overlays` ([{name, history}]) into `element`. */
export function drawLossChart(element, { history, overlays, logScale }) {
  plot(element, traces(history, overlays), layout(history.epoch.length === 0, logScale));
}
