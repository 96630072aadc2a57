// The images panel, for image datasets (digits): the first layer's weights as pictures
// (here and in the network diagram), a gallery of test images with the network's answers,
// and a drawing pad whose class probabilities follow the network while it trains.

import { api } from "./api.js";
import { createDigitGallery } from "./digit-gallery.js";
import { createDrawingPad } from "./drawing-pad.js";
import { createWeightPictures, planeRows } from "./weight-pictures.js";

const REFRESH_MS = 500; // at most two rounds of questions a second while it trains
const GALLERY_SIZE = 40;

/** Whether catalogue dataset `name` is made of images. */
export function isImageDataset(page, name) {
  return page.catalogue.find((entry) => entry.name === name)?.modality === "image";
}

function classNames(page, name) {
  const entry = page.catalogue.find((item) => item.name === name);
  return entry?.class_names ?? Array.from({ length: entry?.classes ?? 10 }, (_, i) => String(i));
}

/** The diagram's pictures of the first hidden layer: its weights (as the API's neurons). */
function diagramPictures(layer, hiddenLayers) {
  if (!layer || !hiddenLayers) return null;
  const [rows, cols] = layer.image_shape;
  return { x: Array.from({ length: cols }, (_, i) => i), y: Array.from({ length: rows }, (_, i) => i),
    inputs: [], layers: [layer.units.map(planeRows)], output: null };
}

/** The panel `root` shows the store's job when its data are images. */
export function createImagePanel(root, store) {
  const pad = createDrawingPad(root.querySelector(".drawing"), { onDrawing: () => askDrawing().catch(showError) });
  const gallery = createDigitGallery(root.querySelector(".gallery"));
  const weights = createWeightPictures(root.querySelector(".weights"));
  const error = root.querySelector(".image-error");
  const page = () => store.state;
  const imageJob = () => {
    const job = page().job;
    return job && isImageDataset(page(), job.spec.dataset.name) ? job : null;
  };
  const showError = (problem) => {
    error.textContent = `The images could not be read: ${problem.message}`;
    error.hidden = false;
  };
  let timer = null;
  let busy = false;
  let again = false;
  let last = 0;

  async function askDrawing(job = imageJob()) {
    const counts = pad.counts;
    const names = classNames(page(), page().settings.dataset);
    if (!counts) {
      pad.showProbabilities(null, names);
      pad.showMessage("Draw a digit in the box.");
    } else if (!job) {
      pad.showProbabilities(null, names);
      pad.showMessage(page().job
        ? `This job trains on '${page().job.spec.dataset.name}', which is not made of images: a drawing means nothing to it. Pick an image dataset and press play.`
        : "Press play or step: the network learns, then it reads your drawing.");
    } else {
      const answer = await api.drawing(job.id, [counts]);
      pad.showProbabilities(answer.probabilities[0], names);
      pad.showMessage(`The network (epoch ${job.epoch}) says ${names[answer.predictions[0]]}.`);
    }
  }

  async function refresh() {
    if (busy) {
      again = true;
      return;
    }
    [busy, again, last] = [true, false, performance.now()];
    const job = imageJob();
    try {
      const [layer, shown] = job ? await Promise.all([api.firstLayer(job.id), api.gallery(job.id, GALLERY_SIZE)]) : [null, null];
      weights.render(layer);
      gallery.render(shown, classNames(page(), page().settings.dataset));
      store.update({ weightPictures: diagramPictures(layer, job?.spec.network.hidden.length) });
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

  store.subscribe((now, before) => {
    root.hidden = !isImageDataset(now, now.settings.dataset);
    if (root.hidden) {
      if (now.weightPictures) store.update({ weightPictures: null });
      return;
    }
    if (now.job !== before.job || now.history !== before.history || now.catalogue !== before.catalogue
      || now.settings.dataset !== before.settings.dataset) refreshSoon();
  });
}
