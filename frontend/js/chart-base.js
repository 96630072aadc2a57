// What the Plotly charts share: one config, one base layout, one centred note. Plotly draws
// with SVG (no WebGL).

const PLOTLY_CONFIG = { displayModeBar: false, responsive: true, displaylogo: false };
const FONT = { family: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', Arial, sans-serif", size: 11, color: "#444" };
export const BASE_LAYOUT = { font: FONT, paper_bgcolor: "#fff", plot_bgcolor: "#fff" };

/** Draw `traces` with `layout` into `element` (Plotly is loaded by the page, deferred). */
export function plot(element, traces, layout) {
  window.Plotly.react(element, traces, layout, PLOTLY_CONFIG);
}

/** A line of text in the middle of a chart (no data yet, or why there is no picture). */
export function centredNote(text, style = {}) {
  return { text, showarrow: false, xref: "paper", yref: "paper", x: 0.5, y: 0.5, ...style };
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
