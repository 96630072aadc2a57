// The gallery: test images with the network's answer, mistakes first (server's order).

import { paintCounts } from "./drawing-pad.js";

function figure(item, names) {
  const box = document.createElement("figure");
  box.className = "digit";
  const wrong = item.prediction !== item.label;
  box.classList.toggle("mistake", wrong);
  box.dataset.label = String(item.label);
  box.dataset.prediction = String(item.prediction);
  const canvas = document.createElement("canvas");
  [canvas.width, canvas.height] = [item.pixels[0].length, item.pixels.length];
  paintCounts(canvas, item.pixels.flat());
  const caption = document.createElement("figcaption");
  const [label, said] = [names[item.label] ?? item.label, names[item.prediction] ?? item.prediction];
  caption.textContent = wrong ? `${said}, not ${label}` : `${said}`;
  box.title = `true class ${label}; the network says ${said} (${Math.round(100 * item.probability)}%)`;
  box.append(canvas, caption);
  return box;
}

/** The gallery in `root` (`.gallery-items` and `.gallery-summary`). */
export function createDigitGallery(root) {
  const items = root.querySelector(".gallery-items");
  const summary = root.querySelector(".gallery-summary");
  let shown = "";
  return {
    /** `gallery`: GET /gallery's answer (null: empty); `names`: the class names. */
    render(gallery, names) {
      if (!gallery) {
        items.replaceChildren();
        shown = "";
        summary.textContent = "Train the network to see what it answers for test images.";
        return;
      }
      const key = JSON.stringify(gallery.items.map((item) => [item.index, item.prediction, item.probability.toFixed(2)]));
      if (key !== shown) items.replaceChildren(...gallery.items.map((item) => figure(item, names)));
      shown = key;
      const { n_mistakes: mistakes, n_test: total } = gallery;
      summary.textContent = mistakes
        ? `${mistakes} of ${total} test images wrong; the wrong ones first, most confident first.`
        : `All ${total} test images right; the least confident first.`;
    },
  };
}
