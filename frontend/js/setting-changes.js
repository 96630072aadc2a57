// What a person's changes of the controls, the diagram and the data panel do to the settings.
// Each lands in the store with the error area it came from; the store's subscribers do the rest.

import { applyNetworkEdit } from "./network-edits.js";
import { catalogueEntry } from "./selectors.js";
import { withChange } from "./state.js";

/** The error area of a control: where a refusal of its change is shown. */
function areaOf(control) {
  if (control?.closest(".data-panel")) return "data";
  return control?.closest(".advanced") ? "training" : "run";
}

/** The words a person sees for a control (its label's caption), else the setting's name. */
function labelOf(control, key) {
  const caption = control?.closest("label")?.querySelector(".caption")?.textContent
    ?? control?.labels?.[0]?.textContent?.replace(/:.*$/, "");
  return caption?.trim() || key;
}

/** `render(name)` redraws a part of the page the store would not (a refused change). */
export function createSettingChanges(store, { feedback, dataPanel, render }) {
  const settings = () => store.state.settings;
  const apply = (next, area = "run") => store.update({ settings: next }, { area });

  function chooseDataset(name) {
    const params = catalogueEntry(store.state, name)?.params;
    const next = { ...settings(), dataset: name, upload: "", points: [] };
    if (params?.n_samples) next.samples = params.n_samples.default;
    if (params?.classes) next.classes = params.classes.default;
    return next;
  }

  function changeSetting(key, value, control) {
    const area = areaOf(control);
    feedback.clearError(area);
    try {
      apply(key === "dataset" ? chooseDataset(value) : withChange(settings(), key, value, store.state.rules), area);
    } catch (error) {
      feedback.showError(area, `${labelOf(control, key)}: ${error.message}`);
      render("controls");
    }
  }

  function editNetwork(edit) {
    feedback.clearError("network");
    const { limits } = store.state.rules;
    const next = applyNetworkEdit(settings(), edit, store.state.rules);
    if (next.layers.some((layer) => layer.units > limits.max_units)) {
      feedback.showError("network", `At most ${limits.max_units} neurons per layer on this server.`);
    } else apply(next);
  }

  const actions = {
    regenerate: () => apply({ ...settings(), dataSeed: settings().dataSeed + 1, points: [] }, "data"),
    download: () => feedback.guarded("data", dataPanel.download)(),
    upload: (detail) => feedback.guarded("upload", dataPanel.upload)(detail),
    "use-upload": (detail) => detail && apply({ ...settings(), upload: detail, points: [] }, "upload"),
    "use-generator": () => apply({ ...settings(), upload: "", points: [] }, "data"),
    "edit-points": (detail) => store.update({ editing: Boolean(detail) }),
  };

  return {
    apply,
    changeSetting,
    editNetwork,
    /** A data panel action (see controls.js for the names). */
    runAction: (name, detail) => actions[name]?.(detail),
  };
}
