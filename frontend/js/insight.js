// Seeing a model beyond the plane, and asking it: the projection (or predicted-vs-true)
// chart for data wider than two inputs, per-class precision and recall next to the
// confusion matrix, and the ask-the-model form. Follows the store; while a job trains it
// fetches the projection (and re-asks the last question) at most once a second, and less
// often when drawing every row takes long (digits: 1,797 rows on a slow machine).

import { api } from "./api.js";
import { askedRow, buildAskForm, showAnswer } from "./ask-model.js";
import { renderClassReport } from "./class-report.js";
import { drawOnChange } from "./draw-on-change.js";
import { drawProjection } from "./projection-chart.js";
import { catalogueEntry, classNames, dataKind, drawable } from "./selectors.js";

const REFRESH_MS = 1000;
// The projection's drawing may hold the main thread for at most this share of the time.
const DRAWING_SHARE = 0.2;

export function createInsight(store, { $, feedback }) {
  const form = $("ask-form");
  let questions = null, questionsFor = null, projection = null, asked = null;
  let timer = null, busy = false, last = 0, interval = REFRESH_MS;
  // Both are asked to draw on every job update; they draw only when what they show changed.
  const drawChart = drawOnChange((shown) => {
    const started = performance.now();
    drawProjection($("projection-chart"), shown);
    interval = Math.max(REFRESH_MS, (performance.now() - started) / DRAWING_SHARE);
  });
  const drawReport = drawOnChange((matrix, classes) => {
    if (matrix) renderClassReport($("class-report"), matrix, classes);
    else $("class-report").replaceChildren();
  });

  const names = (page) => questions?.class_names ?? classNames(page);

  function shownPoints(page) {
    if (page.job && projection) return projection;
    const sample = page.sample;
    if (!sample?.projection || dataKind(page) === "regression") return null;
    return { ...sample.projection, label: sample.y, is_train: sample.is_train };
  }

  function renderChart(page) {
    const wide = page.started && !drawable(page);
    $("insight").hidden = !wide;
    document.querySelector(".output-panel")?.classList.toggle("wide-data", wide);
    if (wide) {
      const waiting = dataKind(page) === "regression" ? "Press play or step: each row's predicted value against its true one appears here." : "";
      drawChart({ points: shownPoints(page), names: names(page), kind: dataKind(page), message: waiting });
      $("projection-caption").textContent = page.job && projection
        ? (projection.kind === "regression" ? "Predicted against true value of every row (open circles: test rows)."
          : "Every row on the first two principal axes of the inputs, coloured by its true class; × marks a wrong prediction (open circles: test rows).")
        : "The data on its first two principal axes, coloured by class; press play or step to see the network's predictions.";
    }
  }

  function renderTables(page) {
    const matrix = page.job?.metrics?.confusion_matrix;
    const shown = matrix?.length && dataKind(page) === "classification";
    drawReport(shown ? matrix : null, shown ? names(page) : null);
    // An image set's model is asked by drawing (image-panel.js), not by a field per pixel.
    $("ask").hidden = !page.job || !questions || catalogueEntry(page)?.modality === "image";
  }

  const refresh = feedback.guarded("output", async () => {
    const job = store.state.job;
    if (!job || busy) return;
    busy = true;
    last = Date.now();
    try {
      if (questionsFor !== job.id) {
        questions = await api.questions(job.id);
        questionsFor = job.id;
        asked = null;
        buildAskForm(form, questions);
        $("ask-answer").replaceChildren();
      }
      if (!drawable(store.state)) projection = await api.projection(job.id);
      if (asked) showAnswer($("ask-answer"), await api.ask(job.id, [asked]));
    } finally {
      busy = false;
      renderChart(store.state);
      renderTables(store.state);
    }
  });

  function schedule() {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      refresh();
    }, Math.max(0, last + interval - Date.now()));
  }

  form.addEventListener("submit", feedback.guarded("output", async (event) => {
    event.preventDefault();
    const job = store.state.job;
    if (!job || !questions) return;
    asked = askedRow(form, questions);
    showAnswer($("ask-answer"), await api.ask(job.id, [asked]));
  }));

  store.subscribe((page, previous) => {
    if (page.job?.id !== previous.job?.id) {
      projection = null;
      questions = null;
      questionsFor = null;
    }
    if (page.job && (page.job !== previous.job || page.history !== previous.history)) schedule();
    if (page.job !== previous.job) renderTables(page);
    if (page.job?.id !== previous.job?.id || page.sample !== previous.sample || page.settings !== previous.settings
      || page.uploads !== previous.uploads || page.started !== previous.started) renderChart(page);
  });
}
