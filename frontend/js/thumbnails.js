// The catalogue's thumbnails: one button per built-in dataset, with a small picture of its points.

import { classColor, regressionColor, symmetricExtent } from "./palette.js";

const THUMBNAIL_PIXELS = 100;

function thumbnailButton(entry) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "thumbnail";
  button.dataset.dataset = entry.name;
  button.dataset.testid = `dataset-${entry.name}`;
  button.setAttribute("aria-pressed", "false");
  button.setAttribute("aria-label", `${entry.name}: ${entry.description}`);
  button.title = entry.description;
  const canvas = document.createElement("canvas");
  canvas.width = THUMBNAIL_PIXELS;
  canvas.height = THUMBNAIL_PIXELS;
  canvas.setAttribute("aria-hidden", "true");
  const name = document.createElement("span");
  name.className = "name";
  name.textContent = entry.name.replace("_", " ");
  button.append(canvas, name);
  if (entry.modality && entry.modality !== "plane") {
    const size = document.createElement("span");
    size.className = "size";
    size.textContent = realSize(entry);
    button.append(size);
    button.title = `${entry.description} ${realSize(entry)}; source: ${entry.source}`;
  }
  return button;
}

/** Fill `container` with a button per catalogue entry (pictures come later, see drawThumbnail). */
export function buildThumbnails(container, entries) {
  container.replaceChildren(...entries.map(thumbnailButton));
}

/** What a real dataset is, in a few words: "3 classes · 150×4", "regression · 442×10". */
export function realSize(entry) {
  const kind = entry.kind === "regression" ? "regression" : `${entry.classes} classes`;
  return `${kind} · ${entry.n_samples}×${entry.n_features}`;
}

/** A small picture of a dataset's points on a canvas (wider data: its principal axes). */
export function drawThumbnail(canvas, sample, plane = [-6, 6]) {
  if (sample.projection) {
    const { x, y } = sample.projection;
    const reach = Math.max(1e-9, ...x.map(Math.abs), ...y.map(Math.abs)) * 1.1;
    drawThumbnail(canvas, { ...sample, projection: null, x1: x, x2: y }, [-reach, reach]);
    return;
  }
  const size = canvas.width;
  const context = canvas.getContext("2d");
  context.fillStyle = "#fff";
  context.fillRect(0, 0, size, size);
  const regression = sample.kind === "regression";
  const [low, high] = regression ? symmetricExtent([sample.y]) : [0, 1];
  const scale = size / (plane[1] - plane[0]);
  for (let i = 0; i < sample.y.length; i += 1) {
    const value = sample.y[i];
    context.fillStyle = regression ? regressionColor((value - low) / (high - low)) : classColor(value);
    context.beginPath();
    context.arc((sample.x1[i] - plane[0]) * scale, size - (sample.x2[i] - plane[0]) * scale, size / 40, 0, 2 * Math.PI);
    context.fill();
  }
}
