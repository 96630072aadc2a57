// "Make a link for a class": the teacher ticks the controls to hide and gets a link with
// the page's setup and hide= (without the job: every student trains a run of their own).

import { HIDABLE } from "./hide-controls.js";
import { copyText, linkTo } from "./copy-link.js";

function checkbox(entry) {
  const label = document.createElement("label");
  label.className = "check";
  const box = document.createElement("input");
  box.type = "checkbox";
  box.value = entry.name;
  label.append(box, ` ${entry.label}`);
  label.title = `hide=${entry.name}`;
  return label;
}

/** Fills `root` (a <details>) with one checkbox per hidable control, the link and a copy button. */
export function createClassLink(store, root) {
  const boxes = root.querySelector("[data-class-link=choices]");
  const output = root.querySelector("[data-class-link=link]");
  const copy = root.querySelector("[data-class-link=copy]");
  boxes.replaceChildren(...HIDABLE.map(checkbox));

  const chosen = () => [...boxes.querySelectorAll("input:checked")].map((box) => box.value);
  const link = () => linkTo({ ...store.state.settings, job: "", hide: chosen(), present: false });
  const show = () => { if (root.open) output.value = link(); };

  boxes.addEventListener("change", show);
  root.addEventListener("toggle", show);
  store.subscribe((page, previous) => { if (page.settings !== previous.settings) show(); });
  copy.addEventListener("click", async () => {
    show();
    copy.textContent = (await copyText(output.value, output)) ? "Copied" : "Copy it from the field";
  });
}
