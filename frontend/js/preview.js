// The untrained network of the page's settings, as the server draws it (POST /api/preview):
// the boundary, neuron pictures and weights at epoch 0, shown until a job sends its own,
// and a picture of every input feature (used or not) for the feature tiles.

import { api } from "./api.js";
import { drawable, pageSpec, unitsPerLayer } from "./selectors.js";
import { changeKind, changedKeys } from "./state.js";

const DELAY_MS = 120; // a burst of changes (a slider dragged) costs one request
export const BOUNDARY_RESOLUTION = 50;
export const NEURONS_RESOLUTION = 20;

export function createPreview(store, feedback) {
  let timer = null;
  let latest = 0;

  async function load() {
    const page = store.state;
    if (!page.started || !page.sample || !drawable(page)) {
      if (page.preview) store.update({ preview: null });
      return;
    }
    const request = ++latest;
    const preview = await feedback.guarded("output", api.preview)(pageSpec(page), BOUNDARY_RESOLUTION,
      NEURONS_RESOLUTION, unitsPerLayer(page));
    if (request === latest && preview) store.update({ preview });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(load, DELAY_MS);
  }

  store.subscribe((page, previous) => {
    const specChanged = page.settings !== previous.settings
      && changedKeys(previous.settings, page.settings).some((key) => changeKind(key) === "spec");
    if (specChanged || page.sample !== previous.sample || page.started !== previous.started) schedule();
  });

  return { load: schedule };
}
