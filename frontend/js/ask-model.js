// Ask the model: a form with one input per feature column of the data (numbers within the
// data's range, categories as choices) and its answer: class probabilities by name, or the
// predicted value.

import { classColor } from "./palette.js";

const middle = (field) => Number(((field.min + field.max) / 2).toPrecision(4));
const slug = (name) => name.replace(/[^A-Za-z0-9_-]+/g, "_");

function fieldInput(field) {
  const label = document.createElement("label");
  label.className = "field";
  const caption = document.createElement("span");
  caption.className = "caption";
  caption.textContent = field.name;
  let input;
  if (field.kind === "category") {
    input = document.createElement("select");
    for (const category of field.categories) input.append(new Option(category, category));
  } else {
    input = document.createElement("input");
    Object.assign(input, { type: "number", step: "any", required: true, value: String(middle(field)) });
    input.min = String(field.min);
    input.max = String(field.max);
    input.title = `from ${field.min} to ${field.max} in the data`;
    caption.textContent = `${field.name} (${field.min}–${field.max})`;
  }
  input.name = field.name;
  input.dataset.testid = `ask-${slug(field.name)}`;
  label.append(caption, input);
  return label;
}

/** Build the form of `questions` (GET /api/jobs/{id}/questions) in `form`. */
export function buildAskForm(form, questions) {
  const fields = document.createElement("div");
  fields.className = "ask-fields";
  fields.append(...questions.fields.map(fieldInput));
  const button = document.createElement("button");
  button.type = "submit";
  button.className = "button";
  button.dataset.testid = "ask-submit";
  button.textContent = "Ask";
  form.replaceChildren(fields, button);
}

/** The row the form holds: values by field name (numbers as numbers). */
export function askedRow(form, questions) {
  return Object.fromEntries(questions.fields.map((field) => {
    const value = form.elements.namedItem(field.name).value;
    return [field.name, field.kind === "category" ? value : Number(value)];
  }));
}

/** Show the answer (POST /predict of one row) in `container`. */
export function showAnswer(container, answer) {
  container.replaceChildren();
  if (!answer.class_names) {
    const value = document.createElement("p");
    value.className = "ask-value";
    value.textContent = `Predicted value: ${Number(answer.predictions[0]).toPrecision(4)}`;
    container.append(value);
    return;
  }
  const probabilities = answer.probabilities[0];
  const best = answer.predictions[0];
  answer.class_names.forEach((name, c) => {
    const row = document.createElement("div");
    row.className = `ask-bar${c === best ? " best" : ""}`;
    row.dataset.testid = `answer-${slug(name)}`;
    const label = document.createElement("span");
    label.className = "ask-name";
    label.textContent = name;
    const bar = document.createElement("span");
    bar.className = "ask-fill";
    bar.style.width = `${(100 * probabilities[c]).toFixed(1)}%`;
    bar.style.background = classColor(c);
    const share = document.createElement("span");
    share.className = "ask-share";
    share.textContent = `${(100 * probabilities[c]).toFixed(1)}%`;
    row.append(label, bar, share);
    container.append(row);
  });
}
