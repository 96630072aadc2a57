// A small form at the pointer to set one weight or bias by hand (as TF Playground's).
// Enter or "set" commits a finite number; Escape or a click elsewhere closes it.

/** `onCommit({layer, unit, input, value})` with the API's fields (input null: the bias). */
export function createWeightEditor(form, { onCommit }) {
  const input = form.querySelector("input");
  const label = form.querySelector(".weight-editor-label");
  let edit = null;

  function close() {
    form.hidden = true;
    edit = null;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = Number(input.value);
    if (input.value.trim() === "" || !Number.isFinite(value)) {
      input.setCustomValidity("a number, such as 0.5");
      input.reportValidity();
      return;
    }
    const done = edit;
    close();
    onCommit({ ...done, value });
  });
  input.addEventListener("input", () => input.setCustomValidity(""));
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
  document.addEventListener("pointerdown", (event) => {
    if (!form.hidden && !form.contains(event.target)) close();
  });

  return {
    /** Open at the pointer of `event` for {layer, unit, input}, showing `value` (or blank). */
    open(event, { layer, unit, input: row = null, value, name }) {
      edit = { layer, unit, input: row };
      label.textContent = row === null ? `Bias of ${name}` : `Weight ${name}`;
      input.value = Number.isFinite(value) ? String(Math.round(value * 1000) / 1000) : "";
      form.style.left = `${Math.min(event.clientX + 8, window.innerWidth - 220)}px`;
      form.style.top = `${event.clientY + 8}px`;
      form.hidden = false;
      input.focus();
      input.select();
    },
    close,
  };
}
