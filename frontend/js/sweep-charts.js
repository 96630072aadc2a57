// The sweep's two charts: every member's test loss overlaid (distinct colours, named by
// its axis values), and parallel coordinates of the axis values against the final test loss.

import { BASE_LAYOUT, centredNote, escapeHtml, plot } from "./chart-base.js";
import { formatValue, valuesLabel } from "./sweep-form.js";

// Colour-blind-safe qualitative colours, then their dashed variants.
const COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];
const DASHES = ["solid", "dash", "dot", "dashdot"];

export function memberStyle(index) {
  return { color: COLORS[index % COLORS.length], dash: DASHES[Math.floor(index / COLORS.length) % DASHES.length] };
}

/** Members' test loss against epoch; `curves` maps a job id to its columnar history. */
export function drawSweepCurves(element, members, curves) {
  const traces = members.map((member, i) => {
    const curve = curves.get(member.job_id) || { epoch: [], test_loss: [] };
    const name = valuesLabel(member.values);
    return { type: "scatter", mode: "lines", name, x: curve.epoch, y: curve.test_loss, connectgaps: true,
      line: { ...memberStyle(i), width: 1.5 }, hovertemplate: `%{y:.4f}<extra>${escapeHtml(name)}</extra>` };
  });
  const empty = traces.every((trace) => trace.x.length === 0);
  plot(element, traces, {
    ...BASE_LAYOUT, margin: { l: 44, r: 8, t: 6, b: 30 }, showlegend: true,
    legend: { font: { size: 9 } }, hovermode: "closest",
    xaxis: { title: { text: "epoch", standoff: 4 }, gridcolor: "#eee", zeroline: false, fixedrange: true },
    yaxis: { title: { text: "test loss", standoff: 4 }, gridcolor: "#eee", zeroline: false, fixedrange: true },
    annotations: empty ? [centredNote("Start a sweep to see its members train", { font: { size: 12, color: "#888" } })] : [],
  });
}

/** One dimension per axis (numbers as they are, anything else as categories), then the loss. */
export function parallelDimensions(axes, members) {
  const dimensions = axes.map((path) => {
    const values = members.map((member) => member.values[path]);
    const label = path.split(".").pop();
    if (values.every((value) => typeof value === "number")) return { label, values };
    const names = [...new Set(values.map(formatValue))];
    return { label, values: values.map((value) => names.indexOf(formatValue(value))),
      tickvals: names.map((_, i) => i), ticktext: names };
  });
  const losses = members.map((member) => member.metrics?.test_loss ?? null);
  return [...dimensions, { label: "final test loss", values: losses }];
}

export function drawParallel(element, axes, members) {
  const dimensions = parallelDimensions(axes, members);
  const losses = dimensions[dimensions.length - 1].values;
  plot(element, [{ type: "parcoords", dimensions,
    line: { color: losses.map((loss) => loss ?? NaN), colorscale: "Viridis", showscale: true } }],
  { ...BASE_LAYOUT, margin: { l: 50, r: 60, t: 50, b: 20 } });
}
