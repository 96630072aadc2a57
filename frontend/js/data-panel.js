// The data panel's work: the catalogue and uploads of the server, the sample of the page's
// data (what the plane shows), the catalogue's thumbnails, points placed by hand, CSV in and out.

import { MAX_POINTS, dataSource } from "./state.js";

const THUMBNAIL_SAMPLES = 250;
const PLANE = { x: [-6, 6], y: [-6, 6] };

/** The plane around an upload's first two columns, padded by 5%; TF Playground's for no values. */
function planeRange(sample) {
  const span = (values) => {
    const finite = values.filter(Number.isFinite);
    if (!finite.length) return PLANE.x;
    const [low, high] = [Math.min(...finite), Math.max(...finite)];
    const pad = (high - low || 1) * 0.05;
    return [low - pad, high + pad];
  };
  return { x: span(sample.x1 || []), y: span(sample.x2 || []) };
}

/**
 * `hooks`: state(), spec(), kind() and limits() of the page; apply(next) to make `next` the
 * page's state; changed() to redraw; connection(state); error(area, error), clearError(area);
 * guarded(area, action) to run an action whose API error lands in `area`.
 */
export function createDataPanel({ api, controls, boundaryChart, hooks }) {
  let catalogue = [];
  let uploads = [];
  let sample = null;
  let sampleKey = "";
  let sampleRequest = 0;
  let editing = false;

  /** Fetch the sample of the page's data, unless it is already shown; the latest request wins. */
  async function loadSample() {
    const dataset = hooks.spec().dataset;
    const key = JSON.stringify(dataset);
    if (key === sampleKey && sample) return;
    const request = ++sampleRequest;
    sampleKey = key;
    try {
      const fresh = await api.sample(dataset);
      if (request !== sampleRequest) return;
      sample = fresh;
      hooks.clearError("data");
      // Generated and hand-placed points live on TF Playground's plane; an upload has its own.
      boundaryChart.setRange(dataSource(hooks.state()) === "upload" ? planeRange(fresh) : PLANE);
    } catch (error) {
      if (request !== sampleRequest) return;
      sample = null;
      sampleKey = "";
      if (error?.unreachable) hooks.connection("unreachable");
      hooks.error(dataSource(hooks.state()) === "upload" ? "upload" : "data", error);
    }
    hooks.changed();
  }

  async function drawThumbnails() {
    await Promise.all(catalogue.map(hooks.guarded("data", async (entry) => {
      const thumbnail = await api.sample({ name: entry.name, n_samples: THUMBNAIL_SAMPLES, noise: 0, seed: 0 });
      controls.drawThumbnail(entry.name, thumbnail);
    })));
  }

  /** A click on the plane while editing: remove the point under it, or add one there. */
  function editPoint({ x, y, point }) {
    if (!editing || !sample) return;
    const state = hooks.state();
    const round = (v) => Math.round(v * 100) / 100;
    let points = state.points.length
      ? state.points.map((p) => [...p])
      : sample.y.map((label, i) => [round(sample.x1[i]), round(sample.x2[i]), label]);
    if (point !== null) {
      const [px, py] = [sample.x1[point], sample.x2[point]];
      const distances = points.map(([qx, qy]) => Math.hypot(qx - px, qy - py));
      points.splice(distances.indexOf(Math.min(...distances)), 1);
      if (!points.length) {
        hooks.error("output", "The last point cannot be removed: a dataset needs points.");
        return;
      }
    } else {
      if (points.length >= MAX_POINTS) {
        hooks.error("output", `At most ${MAX_POINTS} points.`);
        return;
      }
      const label = hooks.kind() === "regression" ? state.pointClass : Math.max(0, Math.round(state.pointClass));
      points = [...points, [round(x), round(y), label]];
    }
    hooks.clearError("output");
    hooks.apply({ ...state, points });
  }

  async function download() {
    const csv = await api.sampleCsv(hooks.spec().dataset);
    const state = hooks.state();
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
    const name = { generator: state.dataset, upload: "upload", points: "points" }[dataSource(state)];
    link.download = `${name}-seed${state.dataSeed}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  async function upload({ file, labelColumn, kind }) {
    if (!file) {
      hooks.error("upload", "Choose a CSV file first.");
      return;
    }
    const limit = hooks.limits().max_upload_bytes;
    if (file.size > limit) {
      hooks.error("upload", `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; at most ${(limit / 1048576).toFixed(0)} MB.`);
      return;
    }
    const created = await api.upload(file, { labelColumn, kind });
    await refreshDatasets();
    hooks.apply({ ...hooks.state(), upload: created.id, points: [] });
  }

  async function refreshDatasets() {
    const datasets = await api.datasets();
    catalogue = datasets.filter((d) => d.builtin !== false);
    uploads = datasets.filter((d) => d.builtin === false);
  }

  return {
    get catalogue() { return catalogue; },
    get uploads() { return uploads; },
    get sample() { return sample; },
    get editing() { return editing; },
    setEditing(on) { editing = on; },
    loadSample,
    drawThumbnails,
    editPoint,
    download,
    upload,
    refreshDatasets,
  };
}
