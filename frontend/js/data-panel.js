// The data panel's work: the catalogue and uploads of the server, the sample of the page's
// data (what the plane shows), the catalogue's thumbnails, points placed by hand, CSV in and out.

import { api } from "./api.js";
import { dataSource } from "./job-spec.js";
import { dataKind, pageSpec } from "./selectors.js";
import { changedKeys } from "./state.js";

const THUMBNAIL_SAMPLES = 250;
// Settings that change the data (and so the sample the plane shows).
const DATA_KEYS = new Set(["dataset", "upload", "points", "samples", "noise", "classes", "trainRatio", "dataSeed", "standardize"]);

const round = (value) => Math.round(value * 100) / 100;

/**
 * The points of the page's data after a click at (x, y): a new point in the chosen split, or
 * (`remove`: shift-click) without the `point` under it (an index, or null: nothing to remove).
 * Every point carries its split ([x1, x2, label, is_train]), so none moves when one is added.
 */
export function editedPoints(page, { x, y, point, remove }) {
  const { settings, sample } = page;
  const points = settings.points.length
    ? settings.points.map((p) => (p.length === 4 ? [...p] : [...p, 1]))
    : sample.y.map((label, i) => [round(sample.x1[i]), round(sample.x2[i]), label, sample.is_train[i] ? 1 : 0]);
  if (!remove) {
    const label = dataKind(page) === "regression" ? settings.pointClass : Math.max(0, Math.round(settings.pointClass));
    return [...points, [round(x), round(y), label, settings.pointSplit === "test" ? 0 : 1]];
  }
  if (point === null) return points;
  const [px, py] = [sample.x1[point], sample.x2[point]];
  const distances = points.map(([qx, qy]) => Math.hypot(qx - px, qy - py));
  points.splice(distances.indexOf(Math.min(...distances)), 1);
  return points;
}

export function createDataPanel(store, { controls, feedback }) {
  let sampleKey = "";
  let sampleRequest = 0;
  const settings = () => store.state.settings;
  const errorArea = () => (dataSource(settings()) === "upload" ? "upload" : "data");

  /** Fetch the sample of the page's data, unless it is already shown; the latest request wins. */
  async function loadSample() {
    const dataset = pageSpec(store.state).dataset;
    const key = JSON.stringify(dataset);
    if (key === sampleKey && store.state.sample) return;
    const request = ++sampleRequest;
    sampleKey = key;
    try {
      const sample = await api.sample(dataset);
      if (request !== sampleRequest) return;
      feedback.clearError("data");
      store.update({ sample });
    } catch (error) {
      if (request !== sampleRequest) return;
      sampleKey = "";
      store.update({ sample: null, ...(error?.unreachable ? { connection: "unreachable" } : {}) });
      feedback.showError(errorArea(), error);
    }
  }

  async function drawThumbnails() {
    await Promise.all(store.state.catalogue.map(feedback.guarded("data", async (entry) => {
      // Real data has a fixed size (its thumbnail: its first two principal axes).
      const real = entry.modality && entry.modality !== "plane";
      const thumbnail = await api.sample(real ? { name: entry.name, seed: 0 }
        : { name: entry.name, n_samples: THUMBNAIL_SAMPLES, noise: 0, seed: 0 });
      controls.drawThumbnail(entry.name, thumbnail);
    })));
  }

  /** A click on the plane while editing: add a point there, or (shift-click) remove the one under it. */
  function editPoint(click) {
    const page = store.state;
    if (!page.editing || !page.sample) return;
    const points = editedPoints(page, click);
    if (points.length === page.settings.points.length && click.remove) return; // nothing under the click
    const most = page.rules.limits.max_samples;
    if (!points.length) feedback.showError("output", "The last point cannot be removed: a dataset needs points.");
    else if (points.length > most) feedback.showError("output", `At most ${most} points.`);
    else {
      feedback.clearError("output");
      store.update({ settings: { ...settings(), points } }, { area: "output" });
    }
  }

  async function download() {
    const csv = await api.sampleCsv(pageSpec(store.state).dataset);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
    const name = { generator: settings().dataset, upload: "upload", points: "points" }[dataSource(settings())];
    link.download = `${name}-seed${settings().dataSeed}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  async function refreshDatasets() {
    const datasets = await api.datasets();
    store.update({ catalogue: datasets.filter((d) => d.builtin !== false), uploads: datasets.filter((d) => d.builtin === false) });
  }

  async function upload({ file, labelColumn, kind, roles }) {
    const limit = store.state.rules.limits.max_upload_bytes;
    if (!file) feedback.showError("upload", "Choose a CSV file first.");
    else if (file.size > limit) {
      feedback.showError("upload", `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; at most ${(limit / 1048576).toFixed(0)} MB.`);
    } else {
      // Roles chosen in the page name the label; otherwise the label field does.
      const created = await api.upload(file, { labelColumn: roles?.label || labelColumn, kind, roles });
      if (created.notes?.length) feedback.notice(created.notes.join("; "));
      await refreshDatasets();
      store.update({ settings: { ...settings(), upload: created.id, points: [] } }, { area: "upload" });
    }
  }

  store.subscribe((page, previous) => {
    if (!page.started || page.settings === previous.settings) return;
    if (changedKeys(previous.settings, page.settings).some((key) => DATA_KEYS.has(key))) loadSample();
  });

  return { loadSample, drawThumbnails, editPoint, download, upload, refreshDatasets };
}
