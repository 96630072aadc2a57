// The person's nickname on a multi-user server (shown to the teacher and to whoever watches
// their runs): a small field in the top bar, saved when it changes.

import { api } from "./api.js";

export function createNickname(container, me, { feedback }) {
  if (!me?.multi_user) return;
  const label = document.createElement("label");
  label.className = "nickname";
  label.innerHTML = '<span class="caption">You are</span> <input type="text" maxlength="40" data-testid="nickname" aria-label="Your nickname">';
  const input = label.querySelector("input");
  input.value = me.nickname ?? "";
  input.addEventListener("change", feedback.guarded("run", async () => {
    input.value = (await api.setNickname(input.value)).nickname;
  }));
  container.append(label);
}
