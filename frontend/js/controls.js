// The page's settings controls: every element with data-setting="<state key>" is bound to
// that property of the state, plus the dataset thumbnails. Emits changes; renders from state.

import { classColor } from "./palette.js";
import { chosenRoles } from "./column-roles.js";
import { buildThumbnails, drawThumbnail } from "./thumbnails.js";

// Presets of the menus (the server's limits cut them); a hash may carry any other value.
const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const REGULARIZATION_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const MOMENTUMS = [0, 0.5, 0.9, 0.95, 0.99];
// How the server's choices read in the menus (a name without a label reads as itself).
const LABELS = {
  sgd: "SGD", momentum: "Momentum", rmsprop: "RMSProp", adam: "Adam", none: "None", l1: "L1", l2: "L2",
  auto: "From the data", classification: "Classification", regression: "Regression",
  xavier: "Xavier", he: "He", playground: "TF Playground", article: "Article", zeros: "Zeros",
};
// Menu id -> the list of GET /api/choices that fills it.
const CHOICE_MENUS = { optimizer: "optimizers", regularization: "regularizations", problem: "problems", init: "inits" };

function readValue(control) {
  switch (control.dataset.type) {
    case "bool": return control.checked;
    case "number": return Number(control.value);
    case "speed": return control.value === "max" ? "max" : Number(control.value);
    case "optional-number": return control.value.trim() === "" ? null : Number(control.value);
    default: return control.value;
  }
}

function fillOptions(select, values, current, label = (value) => LABELS[value] || String(value)) {
  const all = values.includes(current) || current === null ? values : [...values, current].sort((a, b) => a - b);
  const wanted = all.map(String).join("|");
  if (select.dataset.options !== wanted) {
    select.replaceChildren(...all.map((value) => new Option(label(value), String(value))));
    select.dataset.options = wanted;
  }
}

/**
 * `onChange(key, value, control)` for a setting a person changed; `onAction(name, detail)`
 * for "regenerate", "download", "upload", "use-generator", "edit-points", "use-upload".
 */
export function createControls(root, { onChange, onAction }) {
  const byId = (id) => root.getElementById(id);
  const settings = [...root.querySelectorAll("[data-setting]")];
  const thumbnails = byId("thumbnails");
  let learningRates = LEARNING_RATES;
  let regularizationRates = REGULARIZATION_RATES;

  for (const control of settings) {
    control.addEventListener("change", () => onChange(control.dataset.setting, readValue(control), control));
    if (control.type === "range") {
      control.addEventListener("input", () => {
        const shown = byId(`${control.id}-value`);
        if (shown) shown.textContent = rangeText(control.id, control.value);
      });
    }
  }
  thumbnails.addEventListener("click", (event) => {
    const button = event.target.closest("[data-dataset]");
    if (button) onChange("dataset", button.dataset.dataset, button);
  });
  byId("regenerate").addEventListener("click", () => onAction("regenerate"));
  byId("download").addEventListener("click", () => onAction("download"));
  byId("use-generator").addEventListener("click", () => onAction("use-generator"));
  byId("edit-points").addEventListener("change", (event) => onAction("edit-points", event.target.checked));
  byId("uploads").addEventListener("change", (event) => onAction("use-upload", event.target.value));
  byId("upload-form").addEventListener("submit", (event) => {
    event.preventDefault();
    onAction("upload", {
      file: byId("upload-file").files[0] || null,
      labelColumn: byId("upload-label").value.trim(),
      kind: byId("upload-kind").value,
      roles: chosenRoles(byId("column-roles")),
    });
  });

  function rangeText(id, value) {
    return id === "train-ratio" ? `${value}%` : String(value);
  }

  return {
    /** Build what depends on the server: thumbnails of the catalogue, menus and limits of the inputs. */
    setup(entries, { choices, limits }) {
      buildThumbnails(thumbnails, entries);
      for (const [id, list] of Object.entries(CHOICE_MENUS)) fillOptions(byId(id), choices[list], null);
      learningRates = LEARNING_RATES.filter((rate) => rate >= limits.learning_rate.min && rate <= limits.learning_rate.max);
      regularizationRates = REGULARIZATION_RATES.filter((rate) => rate <= limits.max_regularization_rate);
      byId("batch-size").max = String(Math.min(100, limits.max_batch_size));
      byId("samples").max = String(limits.max_samples);
    },

    drawThumbnail(name, sample) {
      const canvas = thumbnails.querySelector(`[data-dataset="${CSS.escape(name)}"] canvas`);
      if (canvas) drawThumbnail(canvas, sample);
    },

    /** Show `state`; `context` = {source, entry (catalogue entry), kind, classes, uploads, uploadName, editing}. */
    render(state, context) {
      fillOptions(byId("learning-rate"), learningRates, state.learningRate, String);
      fillOptions(byId("regularization-rate"), regularizationRates, state.regularizationRate, String);
      fillOptions(byId("momentum"), MOMENTUMS, state.momentum, String);
      const classCount = context.kind === "classification" ? Math.max(2, context.classes || 2) : 0;
      fillOptions(byId("point-class"), Array.from({ length: classCount }, (_, i) => i),
        classCount ? Math.min(Math.max(0, Math.round(state.pointClass)), classCount - 1) : null, (i) => `class ${i}`);
      for (const option of byId("point-class").options) option.style.color = classColor(Number(option.value));
      for (const control of settings) {
        if (control === document.activeElement && control.type !== "checkbox" && control.tagName !== "SELECT") continue;
        const value = state[control.dataset.setting];
        if (control.dataset.type === "bool") control.checked = Boolean(value);
        else control.value = value === null ? "" : String(value);
        const shown = byId(`${control.id}-value`);
        if (shown) shown.textContent = rangeText(control.id, value);
      }
      if (classCount) byId("point-class").value = String(Math.min(Math.max(0, Math.round(state.pointClass)), classCount - 1));
      for (const button of thumbnails.querySelectorAll("[data-dataset]")) {
        const chosen = context.source === "generator" && button.dataset.dataset === state.dataset;
        button.setAttribute("aria-pressed", String(chosen));
      }
      const entry = context.entry;
      // Real data (tabular, image) has a fixed size: no noise or sample count to choose.
      const generator = context.source === "generator";
      const sized = generator && (entry?.modality ?? "plane") === "plane";
      for (const field of root.querySelectorAll(".generator-only")) field.hidden = !sized;
      byId("classes-field").hidden = !generator || !entry?.params?.classes;
      if (entry?.params?.classes) {
        byId("classes").min = String(entry.params.classes.min);
        byId("classes").max = String(entry.params.classes.max);
      }
      byId("momentum-field").hidden = state.optimizer !== "momentum";
      for (const option of byId("problem").options) {
        const refused = option.value === "classification" && context.dataKind === "regression";
        option.disabled = refused;
        option.title = refused ? "This data has values, not classes: it cannot be classified." : "";
      }
      byId("data-seed").textContent = String(state.dataSeed);
      byId("data-source").hidden = generator;
      byId("data-source-text").textContent = context.source === "points"
        ? `Using ${state.points.length} points placed by hand.`
        : `Using the upload ${context.uploadName || state.upload}.`;
      byId("edit-points").checked = context.editing;
      byId("edit-points").disabled = !context.drawable;
      byId("point-class-field").hidden = context.kind !== "classification";
      byId("point-value-field").hidden = context.kind !== "regression";
      byId("edit-hint").hidden = !context.editing;
      const uploads = byId("uploads");
      byId("uploads-field").hidden = !context.uploads.length;
      const wanted = context.uploads.map((u) => u.id).join("|");
      if (uploads.dataset.options !== wanted) {
        uploads.replaceChildren(new Option("choose…", ""),
          ...context.uploads.map((u) => new Option(`${u.name} (${u.n_rows ?? "?"} rows)`, u.id)));
        uploads.dataset.options = wanted;
      }
      uploads.value = context.source === "upload" ? state.upload : "";
    },
  };
}
