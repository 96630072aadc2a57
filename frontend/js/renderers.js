// Draws the page from the store: each part of the page redraws, through the scheduler (at
// most ~30 draws a second), when a part of the state it shows has changed.

import { createBoundaryChart } from "./boundary-chart.js";
import { renderConfusionMatrix } from "./confusion-matrix.js";
import { drawOnChange } from "./draw-on-change.js";
import { formatAccuracy, formatEpoch, formatLoss } from "./format.js";
import { dataSource } from "./job-spec.js";
import { FINISHED, describeStatus, playButtonMode } from "./job-actions.js";
import { drawLossChart, overlayStyle } from "./loss-chart.js";
import { changedParts } from "./store.js";
import { markedEpoch } from "./timeline.js";
import { showExports } from "./exports.js";
import { classColor } from "./palette.js";
import {
  catalogueEntry, classNames, dataKind, diagramInputs, drawable, drawnOverlays, latestMetrics,
  outputUnits, planeRange, sampleKind, shownBoundary, shownModel, shownPictures, uploadName, wideColumns,
} from "./selectors.js";

// Which parts of the store's state each renderer shows.
const SHOWS = {
  numbers: ["job", "history", "connection", "settings", "sample", "catalogue"],
  loss: ["history", "overlays", "settings", "job", "timeline"],
  boundary: ["settings", "sample", "boundary", "preview", "hovered", "editing", "job", "timeline"],
  network: ["settings", "rules", "job", "model", "pictures", "weightPictures", "preview", "sample", "catalogue", "timeline"],
  controls: ["settings", "sample", "catalogue", "uploads", "editing", "job"],
  jobs: ["jobs", "job", "history", "settings", "overlays"],
};

function showNumbers($, page, drawMatrix) {
  const job = page.job;
  $("epoch").textContent = formatEpoch(job ? job.epoch : 0);
  const metrics = latestMetrics(page);
  $("train-loss").textContent = formatLoss(metrics.train_loss);
  $("test-loss").textContent = formatLoss(metrics.test_loss);
  $("train-accuracy").textContent = formatAccuracy(metrics.train_accuracy);
  $("test-accuracy").textContent = formatAccuracy(metrics.test_accuracy);
  const classification = dataKind(page) === "classification";
  for (const node of document.querySelectorAll(".accuracy")) node.hidden = !classification;
  const matrix = job?.metrics?.confusion_matrix;
  $("confusion").hidden = !(matrix?.length && classification);
  if (!$("confusion").hidden) drawMatrix(matrix, classNames(page));
  $("seed-shown").textContent = String(page.settings.seed);
  showExports($, job);
}

/** Which colour is which class, under the plane (classification only). */
function showClassLegend(legend, page) {
  const names = dataKind(page) === "classification" ? classNames(page) : [];
  const key = names.join("\n");
  if (legend.dataset.classes === key) return;
  legend.dataset.classes = key;
  legend.replaceChildren(...names.map((name, i) => {
    const item = document.createElement("span");
    item.className = "legend-item";
    const swatch = document.createElement("span");
    swatch.className = "legend-swatch";
    swatch.style.background = classColor(i);
    item.append(swatch, name === String(i) ? `class ${i}` : name);
    return item;
  }));
}

function showRunState($, page) {
  const job = page.job;
  const mode = playButtonMode(job?.status ?? null);
  $("play").dataset.mode = mode.icon;
  $("play").setAttribute("aria-label", mode.label);
  $("step").disabled = Boolean(job && FINISHED.has(job.status));
  const status = describeStatus(page.connection === "open" ? "idle" : page.connection, job);
  $("status").textContent = status.text;
  $("status").dataset.tone = status.tone;
  $("status").title = status.text;
  $("retry").hidden = page.connection !== "unreachable";
}

function boundaryWords(page) {
  let message = "";
  if (!drawable(page)) message = `This data has ${wideColumns(page).length} input columns:<br>there is no plane to draw.`;
  else if (!page.sample) message = "Loading the data…";
  let caption = "";
  if (page.hovered) caption = `Showing ${page.hovered.label}.`;
  else if (drawable(page)) {
    if (page.boundary) caption = "The network's output over the plane.";
    else if (page.preview?.boundary) caption = "The untrained network's output (epoch 0); press play or step to train it.";
    else caption = "The data; press play or step to see the network's output.";
  }
  return { message, caption };
}

/**
 * Subscribe the page's parts to `store`: `parts` = {$, scheduler, network, controls,
 * jobsPanel, onPlaneClick}. Returns {render(name), renderAll()} for redraws the store does
 * not cause (a resize, the first draw).
 */
export function subscribeRenderers(store, { $, scheduler, network, controls, jobsPanel, onPlaneClick }) {
  const boundaryChart = createBoundaryChart($("boundary-chart"), { onPlaneClick });
  const drawMatrix = drawOnChange((matrix, names) => renderConfusionMatrix($("confusion-matrix"), matrix, names));

  const renderers = {
    numbers: (page) => {
      showNumbers($, page, drawMatrix);
      showRunState($, page);
    },
    loss: (page) => drawLossChart($("loss-chart"), {
      history: page.history,
      overlays: drawnOverlays(page).map((id) => page.overlays.get(id)),
      logScale: page.settings.logScale,
      window: page.settings.lossWindow,
      kind: dataKind(page),
      marker: markedEpoch(page),
      smoothing: page.settings.smoothing,
    }),
    boundary: (page) => {
      const { message, caption } = boundaryWords(page);
      boundaryChart.draw({
        data: drawable(page) ? page.sample : null, boundary: shownBoundary(page), neuron: page.hovered,
        view: { showTestData: page.settings.showTestData, discretize: page.settings.discretize },
        range: planeRange(page), message,
      });
      $("boundary-caption").textContent = caption;
      $("boundary-chart").classList.toggle("editing", page.editing);
      showClassLegend($("class-legend"), page);
    },
    network: (page) => {
      if (!page.rules) return;
      const inputs = diagramInputs(page);
      network.render({ state: page.settings, rules: page.rules, inputs,
        outputUnits: outputUnits(page), pictures: shownPictures(page), features: page.preview?.features ?? null,
        model: shownModel(page) });
      $("legend-plane").hidden = !inputs.toggles;
      $("legend-wide").hidden = inputs.toggles;
      const count = page.settings.layers.length;
      $("layer-count").textContent = `${count} hidden layer${count === 1 ? "" : "s"}`;
      $("add-layer").disabled = count >= page.rules.limits.max_hidden_layers;
      $("remove-layer").disabled = count === 0;
    },
    controls: (page) => controls.render(page.settings, {
      source: dataSource(page.settings), entry: catalogueEntry(page), kind: dataKind(page),
      classes: page.sample?.classes || catalogueEntry(page)?.classes || 2, uploads: page.uploads,
      uploadName: uploadName(page), editing: page.editing, drawable: drawable(page), dataKind: sampleKind(page),
    }),
    jobs: (page) => {
      const drawn = drawnOverlays(page);
      const job = page.job;
      jobsPanel.render(page.jobs, {
        current: job ? { ...job, metrics: { ...job.metrics, ...latestMetrics(page) } } : null,
        compare: page.settings.compare,
        overlayStyle: (id) => (drawn.includes(id) ? overlayStyle(drawn.indexOf(id)) : null),
      });
    },
  };

  const schedule = (name) => scheduler.schedule(name, () => renderers[name](store.state));
  store.subscribe((page, previous) => {
    const changed = new Set(changedParts(page, previous));
    for (const [name, parts] of Object.entries(SHOWS)) if (parts.some((part) => changed.has(part))) schedule(name);
  });
  return {
    render: schedule,
    renderAll() {
      for (const name of Object.keys(renderers)) schedule(name);
    },
  };
}
