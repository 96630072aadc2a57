// The class grid of the teacher's page: one tile per run (nickname, dataset, network, epoch,
// test loss, a small boundary picture). Tiles are kept by job id and updated in place.

import { classColor, mix, regressionColor } from "./palette.js";

const PAPER = "#ffffff";

/** "8-8 tanh" for hidden layers of 8 and 8 tanh units; "no hidden layer" for none. */
export function networkLabel(tile) {
  return tile.network.length ? `${tile.network.join("-")} ${tile.activation}` : "no hidden layer";
}

export function statusLabel(tile) {
  if (tile.status === "paused" && tile.status_reason === "idle") return "paused (nobody watching)";
  return tile.status;
}

/** The colour of one grid value, as the playground's boundary draws it. */
export function pictureColor(value, picture, range) {
  if (value === null) return PAPER;
  if (picture.kind === "regression") return regressionColor((value - range[0]) / ((range[1] - range[0]) || 1));
  if ((picture.classes ?? 2) > 2) return classColor(Math.round(value));
  return value < 0.5 ? mix(classColor(0), PAPER, value * 2) : mix(PAPER, classColor(1), (value - 0.5) * 2);
}

function drawPicture(canvas, picture) {
  const context = canvas.getContext("2d");
  if (!picture) {
    context.clearRect(0, 0, canvas.width, canvas.height);
    return;
  }
  const rows = picture.z;
  const values = rows.flat().filter((v) => v !== null);
  const range = [Math.min(...values), Math.max(...values)];
  canvas.width = rows[0].length;
  canvas.height = rows.length;
  rows.forEach((row, i) => row.forEach((value, j) => {
    context.fillStyle = pictureColor(value, picture, range);
    context.fillRect(j, rows.length - 1 - i, 1, 1); // row 0 is the bottom of the plane
  }));
}

function newTile(onOpen) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "tile";
  button.dataset.testid = "class-tile";
  button.innerHTML = '<canvas width="20" height="20"></canvas><span class="who"></span>'
    + '<span class="what"></span><span class="numbers"></span>';
  button.addEventListener("click", () => onOpen(button.dataset.job));
  return button;
}

export function createClassGrid(element, { onOpen }) {
  const tiles = new Map();

  function render(list) {
    const shown = new Set(list.map((tile) => tile.id));
    for (const [id, button] of tiles) {
      if (!shown.has(id)) {
        button.remove();
        tiles.delete(id);
      }
    }
    list.forEach((tile, index) => {
      let button = tiles.get(tile.id);
      if (!button) {
        button = newTile(onOpen);
        tiles.set(tile.id, button);
      }
      if (element.children[index] !== button) element.insertBefore(button, element.children[index] || null);
      fill(button, tile);
    });
    if (!list.length) element.innerHTML = '<p class="class-empty">No runs yet: they appear here as the class trains.</p>';
    else element.querySelector(".class-empty")?.remove();
  }

  function fill(button, tile) {
    button.dataset.job = tile.id;
    button.dataset.status = tile.status;
    button.setAttribute("aria-label", `${tile.nickname}'s run, ${statusLabel(tile)}: open it large`);
    button.querySelector(".who").textContent = tile.nickname ?? "(no owner)";
    button.querySelector(".what").textContent = `${tile.dataset} · ${networkLabel(tile)}`;
    const loss = Number.isFinite(tile.test_loss) ? tile.test_loss.toFixed(3) : "–";
    button.querySelector(".numbers").textContent = `epoch ${tile.epoch} · test loss ${loss} · ${statusLabel(tile)}`;
    if (button.dataset.step !== String(tile.step) || !button.dataset.drawn) {
      drawPicture(button.querySelector("canvas"), tile.picture);
      button.dataset.step = String(tile.step);
      button.dataset.drawn = tile.picture ? "1" : "";
    }
  }

  return { render };
}
