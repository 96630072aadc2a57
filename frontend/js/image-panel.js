// The images section, for image datasets (digits): the first layer's weights as pictures
// (here and in the network diagram, from the streamed model), a gallery of test images with
// the network's answers, and a drawing pad whose class probabilities follow the network
// while it trains.

import { api } from "./api.js";
import { createDigitGallery } from "./digit-gallery.js";
import { createDrawingPad } from "./drawing-pad.js";
import { catalogueEntry } from "./selectors.js";
import { createWeightPictures, firstLayerPictures, planeRows } from "./weight-pictures.js";

const REFRESH_MS = 1000; // the gallery and the drawing's answer: at most once a second
const GALLERY_SIZE = 40;

/** The catalogue entry of `name` if it is made of images, else null. */
export function imageEntry(page, name = page.settings.dataset) {
  const entry = catalogueEntry(page, name);
  return entry?.modality === "image" && entry.image_shape ? entry : null;
}

const classNames = (entry) => entry?.class_names ?? Array.from({ length: entry?.classes ?? 0 }, (_, i) => String(i));

/** The diagram's pictures of the first hidden layer: its weights (as the API's neurons). */
function diagramPictures(units, shape, hiddenLayers) {
  if (!units || !hiddenLayers) return null;
  const [rows, cols] = shape;
  return { x: Array.from({ length: cols }, (_, i) => i), y: Array.from({ length: rows }, (_, i) => i),
    inputs: [], layers: [units.map(planeRows)], output: null };
}

/** The section `root` shows the store's job when its data are images. */
export function createImagePanel(root, store) {
  const error = root.querySelector(".image-error");
  const showError = (problem) => {
    error.textContent = `The images could not be read: ${problem.message}`;
    error.hidden = false;
  };
  const pad = createDrawingPad(root.querySelector(".drawing"), { onDrawing: () => askDrawing().catch(showError) });
  const gallery = createDigitGallery(root.querySelector(".gallery"));
  const weights = createWeightPictures(root.querySelector(".weights"));
  const imageJob = () => {
    const job = store.state.job;
    return job && imageEntry(store.state, job.spec.dataset.name) ? job : null;
  };
  let [timer, busy, again, last] = [null, false, false, 0];

  async function askDrawing(job = imageJob()) {
    const names = classNames(imageEntry(store.state));
    const other = store.state.job && !job ? store.state.job.spec.dataset.name : null;
    if (!pad.counts || !job) {
      pad.showProbabilities(null, names);
      if (!pad.counts) pad.showMessage("Draw a digit in the box.");
      else if (other) pad.showMessage(`This job trains on '${other}', which is not made of images: it cannot read a drawing. Pick an image dataset and press play.`);
      else pad.showMessage("Press play or step: the network learns, then it reads your drawing.");
      return;
    }
    const answer = await api.drawing(job.id, [pad.counts]);
    pad.showProbabilities(answer.probabilities[0], answer.class_names ?? names);
    pad.showMessage(`The network (epoch ${job.epoch}) says ${(answer.class_names ?? names)[answer.predictions[0]]}.`);
  }

  async function refresh() {
    if (busy) {
      again = true;
      return;
    }
    [busy, again, last] = [true, false, performance.now()];
    const job = imageJob();
    try {
      gallery.render(job ? await api.gallery(job.id, GALLERY_SIZE) : null, classNames(imageEntry(store.state)));
      await askDrawing(job);
      error.hidden = true;
    } catch (problem) {
      showError(problem);
    } finally {
      busy = false;
      if (again) refreshSoon();
    }
  }

  function refreshSoon() {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      refresh();
    }, Math.max(0, REFRESH_MS - (performance.now() - last)));
  }

  function showWeights(page) {
    const entry = imageEntry(page);
    const units = imageJob() && page.model ? firstLayerPictures(page.model, entry.image_shape) : null;
    weights.render(units);
    store.update({ weightPictures: diagramPictures(units, entry.image_shape, page.settings.layers.length) });
  }

  store.subscribe((now, before) => {
    root.hidden = !imageEntry(now);
    if (root.hidden) {
      if (now.weightPictures) store.update({ weightPictures: null });
      return;
    }
    const reshaped = now.settings.dataset !== before.settings.dataset || now.settings.layers !== before.settings.layers
      || now.job?.id !== before.job?.id || now.catalogue !== before.catalogue;
    if (reshaped || now.model !== before.model) showWeights(now);
    if (reshaped || now.job !== before.job || now.history !== before.history) refreshSoon();
  });
}
