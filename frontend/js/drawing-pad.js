// The drawing pad: draw a digit with a mouse, pen or finger; it is turned into an 8x8 image
// the way the digits set was made (pixel-counts.js), shown small, and the network's class
// probabilities are drawn as bars beside it.

import { IMAGE_SIDE, pixelCounts } from "./pixel-counts.js";

const LIVE_MS = 120; // while a stroke goes on, ask again at most this often

function bar(name) {
  const row = document.createElement("div");
  row.className = "probability";
  row.dataset.class = name;
  const label = document.createElement("span");
  label.className = "probability-name";
  label.textContent = name;
  const track = document.createElement("span");
  track.className = "probability-track";
  const fill = document.createElement("span");
  fill.className = "probability-bar";
  track.append(fill);
  const value = document.createElement("span");
  value.className = "probability-value";
  row.append(label, track, value);
  return { row, fill, value };
}

/** Paint 64 counts (0..16) into an 8x8 canvas: ink dark on paper. */
export function paintCounts(canvas, counts, most = 16) {
  const bytes = new Uint8ClampedArray(counts.length * 4);
  counts.forEach((count, i) => {
    const shade = 255 - Math.round((255 * Math.min(count, most)) / most);
    bytes.set([shade, shade, shade, 255], i * 4);
  });
  canvas.getContext("2d").putImageData(new ImageData(bytes, IMAGE_SIDE, IMAGE_SIDE), 0, 0);
}

/**
 * The pad inside `root` (its `.pad`, `.pad-preview`, `.pad-clear`, `.probabilities` and
 * `.pad-message` elements). `onDrawing(counts | null)` after every change of the drawing.
 */
export function createDrawingPad(root, { onDrawing }) {
  const pad = root.querySelector(".pad");
  const preview = root.querySelector(".pad-preview");
  const chart = root.querySelector(".probabilities");
  const message = root.querySelector(".pad-message");
  const context = pad.getContext("2d");
  const strokes = [];
  let counts = null;
  let drawing = false;
  let lastLive = 0;

  function at(event) {
    const box = pad.getBoundingClientRect();
    return [((event.clientX - box.left) * pad.width) / box.width, ((event.clientY - box.top) * pad.height) / box.height];
  }

  function changed() {
    counts = strokes.length ? pixelCounts(strokes).counts : null;
    if (counts) paintCounts(preview, counts);
    else preview.getContext("2d").clearRect(0, 0, preview.width, preview.height);
    onDrawing(counts);
  }

  pad.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    pad.setPointerCapture(event.pointerId);
    drawing = true;
    strokes.push([at(event)]);
    Object.assign(context, { lineWidth: pad.width / 14, lineCap: "round", lineJoin: "round", strokeStyle: "#222" });
  });
  pad.addEventListener("pointermove", (event) => {
    if (!drawing) return;
    const stroke = strokes[strokes.length - 1];
    const [from, to] = [stroke[stroke.length - 1], at(event)];
    stroke.push(to);
    context.beginPath();
    context.moveTo(...from);
    context.lineTo(...to);
    context.stroke();
    if (event.timeStamp - lastLive > LIVE_MS) {
      lastLive = event.timeStamp;
      changed();
    }
  });
  const end = () => {
    if (!drawing) return;
    drawing = false;
    changed();
  };
  pad.addEventListener("pointerup", end);
  pad.addEventListener("pointercancel", end);
  root.querySelector(".pad-clear").addEventListener("click", () => {
    strokes.length = 0;
    context.clearRect(0, 0, pad.width, pad.height);
    changed();
  });

  let bars = [];
  return {
    get counts() { return counts; },
    /** Bars for `probabilities` (null: none) of classes named `names`. */
    showProbabilities(probabilities, names) {
      if (bars.length !== names.length) {
        bars = names.map(bar);
        chart.replaceChildren(...bars.map((b) => b.row));
      }
      const best = probabilities ? probabilities.indexOf(Math.max(...probabilities)) : -1;
      bars.forEach((b, i) => {
        const p = probabilities?.[i] ?? 0;
        b.fill.style.width = `${(100 * p).toFixed(1)}%`;
        b.value.textContent = probabilities ? `${Math.round(100 * p)}%` : "";
        b.row.classList.toggle("best", i === best);
        b.row.dataset.probability = probabilities ? String(p) : "";
      });
    },
    showMessage(text) {
      message.textContent = text;
    },
  };
}
