// The live loss curve: train and test lines against epochs, plus other jobs to compare. A
// long history is drawn thinned (downsample.js); a job whose loss is of another kind
// (regression next to classification) gets its own axis on the right.

import { BASE_LAYOUT, centredNote, escapeHtml, plot } from "./chart-base.js";
import { drawnSeries } from "./downsample.js";

const TRAIN_LINE = "#0072B2";
const TEST_LINE = "#D55E00";
const OVERLAY_DASHES = ["dot", "dash", "dashdot", "longdash"];
const OVERLAY_COLORS = ["#555555", "#009E73", "#CC79A7", "#56B4E9", "#E69F00"];
const LOSS_NAMES = { classification: "cross-entropy", regression: "squared error" };

/** The line of the `index`-th job drawn for comparison. */
export function overlayStyle(index) {
  return { color: OVERLAY_COLORS[index % OVERLAY_COLORS.length], dash: OVERLAY_DASHES[index % OVERLAY_DASHES.length] };
}

function traces(history, overlays, { window, kind }) {
  const own = drawnSeries(history, ["train_loss", "test_loss"], { window });
  // A handful of points reads better with markers (a single point has no line to show).
  const mode = own.x.length < 20 ? "lines+markers" : "lines";
  const line = (name, y, color) => ({
    type: "scatter", mode, name, x: own.x, y, line: { color, width: 2 },
    hovertemplate: `%{y:.4f}<extra>${name}</extra>`, connectgaps: true,
  });
  const others = overlays.map((overlay, i) => {
    const drawn = drawnSeries(overlay.history, ["test_loss"], { window });
    const apart = overlay.kind && kind && overlay.kind !== kind;
    return {
      type: "scatter", mode: "lines", name: `${overlay.name}${apart ? ` (${overlay.kind}, right axis)` : ""}`,
      x: drawn.x, y: drawn.test_loss, yaxis: apart ? "y2" : "y",
      line: { ...overlayStyle(i), width: 1.5 }, connectgaps: true,
      hovertemplate: `%{y:.4f}<extra>${escapeHtml(overlay.name)} (test)</extra>`,
    };
  });
  return [...others, line("Train loss", own.train_loss, TRAIN_LINE), line("Test loss", own.test_loss, TEST_LINE)];
}

// The timeline's epoch (timeline.js): a vertical line across the plot.
const markerShape = (epoch) => ({ type: "line", xref: "x", yref: "paper", x0: epoch, x1: epoch, y0: 0, y1: 1,
  line: { color: "#333", width: 1.5, dash: "dot" } });

function layout(empty, { logScale, kind, otherKind, marker }) {
  const axis = { type: logScale ? "log" : "linear", gridcolor: "#eee", zeroline: false, fixedrange: true,
    showticklabels: !empty, automargin: true, rangemode: logScale ? undefined : "tozero", exponentformat: "power" };
  return {
    ...BASE_LAYOUT,
    margin: { l: 44, r: otherKind ? 44 : 8, t: 6, b: 30 },
    showlegend: true,
    // Below the plot, so that the lines are never under it.
    legend: { orientation: "h", x: 0, xanchor: "left", y: -0.22, yanchor: "top", font: { size: 10 } },
    hovermode: "x unified",
    xaxis: { title: { text: "epoch", standoff: 4 }, zeroline: false, gridcolor: "#eee", rangemode: "tozero",
      fixedrange: true, showticklabels: !empty, automargin: true },
    yaxis: { ...axis, title: { text: kind ? LOSS_NAMES[kind] : "", font: { size: 10 } } },
    ...(otherKind ? { yaxis2: { ...axis, overlaying: "y", side: "right", showgrid: false,
      title: { text: LOSS_NAMES[otherKind], font: { size: 10 } } } } : {}),
    shapes: marker === null ? [] : [markerShape(marker)],
    annotations: empty ? [centredNote("Press play or step to train", { font: { size: 12, color: "#888" } })] : [],
  };
}

/**
 * Draw `history` (columnar) and `overlays` ([{name, history, kind}]) into `element`: the
 * last `window` epochs (0: all), `kind` the loss of the page's job, `marker` an epoch to mark.
 */
export function drawLossChart(element, { history, overlays, logScale, window = 0, kind = null, marker = null }) {
  const otherKind = overlays.find((overlay) => overlay.kind && kind && overlay.kind !== kind)?.kind ?? null;
  plot(element, traces(history, overlays, { window, kind }),
    layout(history.epoch.length === 0, { logScale, kind, otherKind, marker }));
}
