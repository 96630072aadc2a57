import assert from "node:assert/strict";
import { test } from "node:test";

import { changedParts, createStore } from "../../frontend/js/store.js";

test("subscribers hear of a change with the state before it and the updater's note", () => {
  const store = createStore({ a: 1, b: 2 });
  const heard = [];
  store.subscribe((state, previous, meta) => heard.push([state.a, previous.a, meta.area]));
  store.update({ a: 3 }, { area: "data" });
  assert.deepEqual(heard, [[3, 1, "data"]]);
  assert.deepEqual(store.state, { a: 3, b: 2 });
});

test("an update that changes nothing is not delivered", () => {
  const store = createStore({ a: 1 });
  let calls = 0;
  store.subscribe(() => { calls += 1; });
  store.update({ a: 1 });
  assert.equal(calls, 0);
});

test("an update made by a subscriber reaches everyone after the current one, in order", () => {
  const store = createStore({ n: 0 });
  const first = [];
  const second = [];
  store.subscribe((state) => {
    first.push(state.n);
    if (state.n === 1) store.update({ n: 2 });
  });
  store.subscribe((state, previous) => second.push([previous.n, state.n]));
  store.update({ n: 1 });
  assert.deepEqual(first, [1, 2]);
  assert.deepEqual(second, [[0, 1], [1, 2]]);
});

test("unsubscribing stops the deliveries; changedParts names the keys that differ", () => {
  const store = createStore({ a: 1, b: [] });
  let calls = 0;
  const stop = store.subscribe(() => { calls += 1; });
  stop();
  store.update({ a: 2 });
  assert.equal(calls, 0);
  assert.deepEqual(changedParts({ a: 2, b: [] }, { a: 1, b: [] }), ["a", "b"]);
});
