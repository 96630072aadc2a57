// The sweep panel: choose axes and values, start a sweep of the page's settings, watch
// every member's curve, compare them in parallel coordinates, open a member.

import { api } from "./api.js";
import { formatEpoch, formatLoss } from "./format.js";
import { drawParallel, drawSweepCurves, memberStyle } from "./sweep-charts.js";
import { SWEEP_AXES, sweepRequest, valuesLabel } from "./sweep-form.js";

const POLL_MS = 1000;

/** `root` holds the panel's elements (by data-sweep attributes); `spec()` the page's spec. */
export function createSweepPanel(root, { spec, onOpen, onError }) {
  const part = (name) => root.querySelector(`[data-sweep="${name}"]`);
  const axisSelects = [...root.querySelectorAll("[data-sweep-axis]")];
  const valueInputs = [...root.querySelectorAll("[data-sweep-values]")];
  let sweep = null;
  let timer = null;
  const curves = new Map(); // job id -> columnar history so far

  for (const [i, select] of axisSelects.entries()) {
    select.append(new Option("—", ""), ...SWEEP_AXES.map((axis) => new Option(axis.label, axis.path)));
    select.addEventListener("change", () => {
      const axis = SWEEP_AXES.find((a) => a.path === select.value);
      valueInputs[i].placeholder = axis ? axis.example : "";
    });
  }

  function chosenRows() {
    return axisSelects.map((select, i) => ({ path: select.value, text: valueInputs[i].value }))
      .filter((row) => row.path);
  }

  async function start() {
    let body;
    try {
      body = sweepRequest(spec(), chosenRows(), {
        repeats: Number(part("repeats").value) || 1,
        maxEpochs: Number(part("max-epochs").value) || 50,
        maxParallel: Number(part("max-parallel").value) || 4,
      });
    } catch (error) {
      onError(error);
      return;
    }
    curves.clear();
    sweep = await api.createSweep(body);
    render();
    poll();
  }

  async function poll() {
    clearTimeout(timer);
    if (!sweep) return;
    sweep = await api.sweep(sweep.id);
    await Promise.all(sweep.members.filter((m) => m.status).map(async (member) => {
      const known = curves.get(member.job_id);
      const since = known?.step.at(-1);
      const points = await api.metrics(member.job_id, since);
      curves.set(member.job_id, known ? append(known, points) : points);
    }));
    render();
    if (sweep.status === "running") timer = setTimeout(() => poll().catch(onError), POLL_MS);
  }

  async function act(name) {
    if (!sweep) return;
    clearTimeout(timer);
    if (name === "delete") {
      await api.deleteSweep(sweep.id);
      sweep = null;
      curves.clear();
      render();
      return;
    }
    sweep = name === "pause" ? await api.pauseSweep(sweep.id) : await api.resumeSweep(sweep.id);
    await poll();
  }

  function render() {
    const members = sweep?.members ?? [];
    part("status").textContent = sweep ? statusLine(sweep) : "";
    for (const name of ["pause", "resume", "delete"]) part(name).disabled = !sweep;
    if (sweep) {
      part("pause").disabled = sweep.status !== "running";
      part("resume").disabled = sweep.status !== "paused";
    }
    part("members").replaceChildren(...members.map((member, i) => memberRow(member, i, onOpen)));
    drawSweepCurves(part("curves"), members, curves);
    if (members.length) drawParallel(part("parallel"), sweep.axes, members);
  }

  part("start").addEventListener("click", () => start().catch(onError));
  for (const name of ["pause", "resume", "delete"]) {
    part(name).addEventListener("click", () => act(name).catch(onError));
  }
  render();
  return { current: () => sweep };
}

function append(known, points) {
  return Object.fromEntries(Object.keys(known).map((key) => [key, [...known[key], ...(points[key] || [])]]));
}

function statusLine(sweep) {
  const counts = Object.entries(sweep.counts).map(([status, n]) => `${n} ${status}`).join(", ");
  return `Sweep ${sweep.id.slice(0, 8)}: ${sweep.status} (${counts})`;
}

function memberRow(member, index, onOpen) {
  const row = document.createElement("tr");
  const swatch = document.createElement("span");
  swatch.className = "swatch-line";
  swatch.style.borderTopColor = memberStyle(index).color;
  const open = document.createElement("button");
  open.type = "button";
  open.className = "link-button";
  open.textContent = valuesLabel(member.values);
  open.disabled = !member.status;
  open.setAttribute("aria-label", `Open sweep member ${valuesLabel(member.values)}`);
  open.addEventListener("click", () => onOpen(member.job_id));
  for (const content of [swatch, open, member.status ?? "deleted", formatEpoch(member.epoch),
    formatLoss(member.metrics?.test_loss)]) {
    const td = row.insertCell();
    if (typeof content === "string") td.textContent = content;
    else td.append(content);
  }
  row.cells[3].className = row.cells[4].className = "num";
  return row;
}
