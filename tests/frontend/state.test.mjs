import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  buildSpec, dataSource, specMatches, stateFromSpec, withCatalogueDefaults, withoutLiveFields,
} from "../../frontend/js/job-spec.js";
import {
  addLayer, addNeuron, changeLayer, removeLayer, removeNeuron, toggleFeature,
} from "../../frontend/js/network-edits.js";
import {
  STATE_KEYS, changeKind, changedKeys, defaultState, parseHash, serializeState, withChange,
} from "../../frontend/js/state.js";
import { RULES } from "./rules.mjs";

const FEATURES = RULES.choices.features;
const MAX_HIDDEN_LAYERS = RULES.limits.max_hidden_layers;
const MAX_UNITS = RULES.limits.max_units;

function everySettingChanged() {
  return {
    ...defaultState(),
    dataset: "multi_gauss",
    samples: 731,
    noise: 12.5,
    classes: 5,
    trainRatio: 70,
    dataSeed: 123456,
    standardize: true,
    features: ["x1", "x2", "x1*x2", "sin(x2)"],
    layers: [{ units: 8, activation: "relu", dropout: 0.25 }, { units: 3, activation: "sigmoid", dropout: 0 },
      { units: 1, activation: "linear", dropout: 0 }],
    init: "he",
    learningRate: 0.003,
    batchSize: 17,
    optimizer: "adam",
    momentum: 0.5,
    regularization: "l2",
    regularizationRate: 0.001,
    seed: 42,
    maxEpochs: 300,
    targetLoss: 0.05,
    problem: "classification",
    speed: 10,
    keepSeed: true,
    pointSplit: "test",
    lossWindow: 100,
    showTestData: true,
    discretize: true,
    logScale: true,
    hide: ["dataset", "learningRate", "some-future-control"],
    present: true,
    smoothing: 0.6,
    pointClass: 2,
    compare: ["a1b2", "job_3-x"],
    job: "5f1c2d3e4b5a69788796a5b4c3d2e1f0",
  };
}

describe("hash round trip", () => {
  test("the default state survives serialisation unchanged", () => {
    assert.deepEqual(parseHash(serializeState(defaultState()), RULES), { state: defaultState(), problems: [] });
  });

  test("every setting, seeds and job id included, survives serialisation", () => {
    const state = everySettingChanged();
    const { state: back, problems } = parseHash(`#${serializeState(state)}`, RULES);
    assert.deepEqual(problems, []);
    assert.deepEqual(back, state);
    // Every property of the table was given a non-default value above, so none is untested.
    assert.deepEqual(changedKeys(defaultState(), state).sort(),
      STATE_KEYS.filter((k) => !["upload", "points"].includes(k)).sort());
  });

  test("hand-made points and an upload id survive, negative and fractional numbers too", () => {
    const state = { ...defaultState(), upload: "up_1", points: [[-1.25, 3, 0], [0.1, -5.75, 1], [2, 2, 2]] };
    assert.deepEqual(parseHash(serializeState(state), RULES).state, state);
  });

  test("awkward doubles come back bit for bit", () => {
    const state = { ...defaultState(), learningRate: 0.1 + 0.2, noise: 1 / 3, regularizationRate: 1e-7 };
    assert.deepEqual(parseHash(serializeState(state), RULES).state, state);
  });

  test("zero hidden layers is a setup of its own", () => {
    const state = { ...defaultState(), layers: [] };
    assert.deepEqual(parseHash(serializeState(state), RULES).state.layers, []);
  });

  test("the hash is readable: commas and colons are not escaped", () => {
    const hash = serializeState(defaultState());
    assert.match(hash, /(^|&)layers=4:tanh,2:tanh(&|$)/);
    assert.match(hash, /(^|&)features=x1,x2(&|$)/);
    assert.match(hash, /(^|&)dataset=circle(&|$)/);
  });

  test("hide= keeps names it does not know (its reader warns) but refuses odd characters", () => {
    assert.deepEqual(parseHash("#hide=dataset,noSuchControl,dataset", RULES).state.hide, ["dataset", "noSuchControl"]);
    const { state, problems } = parseHash("#hide=a<b", RULES);
    assert.deepEqual(state.hide, []);
    assert.match(problems[0], /^hide='a<b' ignored/);
  });

  test("features that need escaping round-trip", () => {
    const state = { ...defaultState(), features: [...FEATURES] };
    const hash = serializeState(state);
    // Only characters a URL fragment may carry as they are, so browsers leave the hash alone.
    assert.match(hash, /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/);
    assert.deepEqual(parseHash(hash, RULES).state.features, FEATURES);
  });
});

describe("defaults", () => {
  test("match TensorFlow Playground's opening setup and the spec's defaults", () => {
    const state = defaultState();
    assert.equal(state.dataset, "circle");
    assert.deepEqual(state.layers.map((l) => l.units), [4, 2]);
    assert.equal(state.learningRate, 0.03);
    assert.equal(state.batchSize, 10);
    assert.equal(state.trainRatio, 50);
    assert.equal(state.job, "");
    assert.deepEqual(state.features, ["x1", "x2"]);
  });

  test("an empty hash is the default state", () => {
    for (const hash of ["", "#", undefined]) {
      assert.deepEqual(parseHash(hash, RULES), { state: defaultState(), problems: [] });
    }
  });

  test("defaults are fresh copies, not shared", () => {
    const one = defaultState();
    one.layers[0].units = 99;
    one.features.push("x1^2");
    assert.equal(defaultState().layers[0].units, 4);
    assert.deepEqual(defaultState().features, ["x1", "x2"]);
  });
});

describe("invalid hashes", () => {
  const cases = [
    ["noise=abc", "noise", /noise='abc'.*number/],
    ["noise=51", "noise", /noise='51'.*0 to 50/],
    ["samples=3.5", "samples", /samples='3.5'.*integer/],
    ["layers=4:tanh,zz", "layers", /layers='4:tanh,zz'/],
    ["layers=4:swish", "layers", /activation/],
    ["layers=0:tanh", "layers", /units/],
    ["layers=4:tanh:1.5", "layers", /dropout/],
    ["features=x1,x3", "features", /unknown feature x3/],
    ["features=", "features", /at least one feature/],
    ["optimizer=lbfgs", "optimizer", /optimizer='lbfgs'.*sgd/],
    ["showTestData=maybe", "showTestData", /showTestData/],
    ["job=../../etc", "job", /job=/],
    ["dataset=Spiral!", "dataset", /dataset/],
    ["points=1,2", "points", /points/],
    ["learningRate=0", "learningRate", /learningRate='0'/],
    ["batchSize=-1", "batchSize", /batchSize/],
  ];
  for (const [hash, key, message] of cases) {
    test(`'${hash}' keeps the default and names the problem`, () => {
      const { state, problems } = parseHash(`#${hash}`, RULES);
      assert.deepEqual(state[key], defaultState()[key]);
      assert.equal(problems.length, 1, problems.join("; "));
      assert.match(problems[0], message);
    });
  }

  test("a bad value does not spoil the good ones", () => {
    const { state, problems } = parseHash("#dataset=spiral&noise=oops&learningRate=0.1", RULES);
    assert.equal(state.dataset, "spiral");
    assert.equal(state.learningRate, 0.1);
    assert.equal(state.noise, 0);
    assert.equal(problems.length, 1);
  });

  test("unknown keys, broken escapes and stray separators are survivable", () => {
    const { state, problems } = parseHash("#&&foo=1&dataset=xor&bar&noise=%E0%A4%A&=", RULES);
    assert.equal(state.dataset, "xor");
    assert.ok(problems.some((p) => p.includes("foo")));
    assert.ok(problems.some((p) => p.includes("noise")));
  });

  test("too many hidden layers are refused", () => {
    const layers = Array.from({ length: MAX_HIDDEN_LAYERS + 1 }, () => "2:tanh").join(",");
    const { state, problems } = parseHash(`#layers=${layers}`, RULES);
    assert.equal(state.layers.length, 2);
    assert.match(problems[0], new RegExp(`at most ${MAX_HIDDEN_LAYERS}`));
  });
});

describe("the job spec the page shows", () => {
  test("a generator, its options and every training field", () => {
    const spec = buildSpec(everySettingChanged(), { hasClasses: true });
    assert.deepEqual(spec, {
      dataset: { name: "multi_gauss", n_samples: 731, noise: 12.5, classes: 5, train_ratio: 70,
        seed: 123456, standardize: true },
      features: ["x1", "x2", "x1*x2", "sin(x2)"],
      network: {
        hidden: [{ units: 8, activation: "relu", dropout: 0.25 }, { units: 3, activation: "sigmoid", dropout: 0 },
          { units: 1, activation: "linear", dropout: 0 }],
        init: "he",
      },
      training: { learning_rate: 0.003, batch_size: 17, optimizer: "adam", momentum: 0.5,
        regularization: "l2", regularization_rate: 0.001, seed: 42, max_epochs: 300,
        target_loss: 0.05, problem: "classification", speed: 10 },
    });
  });

  test("speed max is the API's null, as fast as it can", () => {
    assert.equal(buildSpec(defaultState()).training.speed, null);
    assert.equal(parseHash("#speed=max", RULES).state.speed, "max");
    assert.equal(parseHash("#speed=60", RULES).state.speed, 60);
    assert.match(parseHash("#speed=fast", RULES).problems[0], /^speed='fast' ignored/);
  });

  test("points may carry their split as a fourth value", () => {
    const state = { ...defaultState(), points: [[1, 2, 0, 1], [3, 4, 1, 0]] };
    assert.deepEqual(parseHash(serializeState(state), RULES).state.points, state.points);
    assert.match(parseHash("#points=1,2", RULES).problems[0], /x1,x2,label\[,is_train\]/);
  });

  test("classes only for generators that take them", () => {
    assert.equal("classes" in buildSpec(defaultState()).dataset, false);
    assert.equal(buildSpec(defaultState(), { hasClasses: true }).dataset.classes, 2);
  });

  test("hand-made points win over an upload, an upload over the generator", () => {
    const uploaded = { ...defaultState(), upload: "u1" };
    assert.equal(dataSource(uploaded), "upload");
    assert.deepEqual(buildSpec(uploaded).dataset, { id: "u1", train_ratio: 50, seed: 0, standardize: false });
    const drawn = { ...uploaded, points: [[1, 2, 0]] };
    assert.equal(dataSource(drawn), "points");
    assert.deepEqual(buildSpec(drawn).dataset.points, [[1, 2, 0]]);
  });

  test("a job's spec turns back into the same state, view settings kept", () => {
    const state = everySettingChanged();
    const spec = buildSpec(state, { hasClasses: true });
    assert.deepEqual(stateFromSpec(spec, state, RULES), state);
  });

  test("a spec from a script, with server defaults filled in, is read", () => {
    const spec = {
      dataset: { name: "xor", id: null, points: null, n_samples: null, noise: 20, classes: null,
        train_ratio: 60, seed: 3, standardize: false },
      features: ["x2", "x1"],
      network: { hidden: [{ units: 6, activation: "relu", dropout: 0 }], init: "xavier" },
      training: { learning_rate: 0.1, batch_size: 5, optimizer: "sgd", momentum: 0.9,
        regularization: "none", regularization_rate: 0, seed: 9, max_epochs: null,
        target_loss: null, problem: "auto" },
    };
    const state = stateFromSpec(spec, defaultState(), RULES);
    assert.equal(state.dataset, "xor");
    assert.equal(state.samples, defaultState().samples);
    assert.equal(state.noise, 20);
    assert.deepEqual(state.features, ["x1", "x2"]);
    assert.equal(state.seed, 9);
    assert.equal(state.upload, "");
    assert.deepEqual(state.points, []);
  });

  test("the page's spec matches the server's echo with defaults filled in", () => {
    const page = buildSpec(defaultState());
    const echoed = structuredClone(page);
    echoed.dataset.id = null;
    echoed.dataset.points = null;
    echoed.dataset.classes = null;
    assert.ok(specMatches(page, echoed));
    assert.ok(specMatches(page, JSON.parse(JSON.stringify(echoed))));
  });

  test("any difference in a field the page shows is a mismatch", () => {
    const page = buildSpec(defaultState());
    for (const change of [
      (s) => { s.network.hidden.push({ units: 2, activation: "tanh", dropout: 0 }); },
      (s) => { s.training.learning_rate = 0.1; },
      (s) => { s.dataset.seed = 1; },
      (s) => { s.features = ["x1"]; },
      (s) => { s.training.max_epochs = 10; },
    ]) {
      const other = structuredClone(page);
      change(other);
      assert.equal(specMatches(page, other), false, JSON.stringify(other));
    }
  });
});

describe("edits", () => {
  test("add-layer adds exactly one hidden layer, up to the limit", () => {
    let state = defaultState();
    state = addLayer(state, RULES);
    assert.equal(state.layers.length, 3);
    assert.deepEqual(state.layers[2], { units: 2, activation: "tanh", dropout: 0 });
    for (let i = 0; i < MAX_HIDDEN_LAYERS + 5; i += 1) state = addLayer(state, RULES);
    assert.equal(state.layers.length, MAX_HIDDEN_LAYERS);
    assert.equal(addLayer(removeLayer(removeLayer(removeLayer(defaultState()))), RULES).layers.length, 1);
  });

  test("remove-layer removes the last, down to none", () => {
    let state = removeLayer(defaultState());
    assert.deepEqual(state.layers.map((l) => l.units), [4]);
    state = removeLayer(removeLayer(state));
    assert.deepEqual(state.layers, []);
  });

  test("neurons stay between 1 and the server's limit", () => {
    let state = defaultState();
    state = addNeuron(state, 1, RULES);
    assert.equal(state.layers[1].units, 3);
    state = removeNeuron(removeNeuron(removeNeuron(state, 1, RULES), 1, RULES), 1, RULES);
    assert.equal(state.layers[1].units, 1);
    state = changeLayer(state, 0, { units: MAX_UNITS }, RULES);
    assert.equal(addNeuron(state, 0, RULES).layers[0].units, MAX_UNITS);
    assert.throws(() => changeLayer(state, 5, { units: 1 }, RULES), /no hidden layer 5/);
  });

  test("edits never touch the state they were given", () => {
    const state = defaultState();
    addNeuron(addLayer(state, RULES), 0, RULES);
    toggleFeature(state, "x1^2", RULES);
    assert.deepEqual(state, defaultState());
  });

  test("features toggle in catalogue order and the last one stays", () => {
    let state = toggleFeature(defaultState(), "sin(x1)", RULES);
    state = toggleFeature(state, "x1^2", RULES);
    assert.deepEqual(state.features, ["x1", "x2", "x1^2", "sin(x1)"]);
    state = ["x1", "x2", "x1^2", "sin(x1)"].reduce((s, f) => toggleFeature(s, f, RULES), state);
    assert.deepEqual(state.features, ["sin(x1)"]);
  });

  test("withChange refuses values a hash could not carry", () => {
    assert.equal(withChange(defaultState(), "noise", 30, RULES).noise, 30);
    assert.throws(() => withChange(defaultState(), "noise", 80, RULES));
    assert.throws(() => withChange(defaultState(), "colour", 1, RULES), /unknown setting 'colour'/);
  });

  test("what a change means: new job, live patch, or just a redraw", () => {
    assert.equal(changeKind("learningRate"), "live");
    assert.equal(changeKind("regularizationRate"), "live");
    assert.equal(changeKind("batchSize"), "live");
    assert.equal(changeKind("layers"), "spec");
    assert.equal(changeKind("dataSeed"), "spec");
    assert.equal(changeKind("discretize"), "view");
    assert.equal(changeKind("job"), "view");
    assert.throws(() => changeKind("nope"), /unknown setting 'nope'/);
  });

  test("changedKeys lists exactly the keys that differ", () => {
    const after = addLayer({ ...defaultState(), learningRate: 1 }, RULES);
    assert.deepEqual(changedKeys(defaultState(), after), ["layers", "learningRate"]);
  });
});

describe("comparing with jobs made elsewhere", () => {
  const entry = { name: "plane", params: { n_samples: { default: 1200 }, noise: { default: 0 } } };

  test("catalogue defaults fill what a script left out", () => {
    const spec = { dataset: { name: "plane", n_samples: null, noise: 5, classes: null } };
    assert.deepEqual(withCatalogueDefaults(spec, entry).dataset, { name: "plane", n_samples: 1200, noise: 5, classes: null });
    assert.equal(spec.dataset.n_samples, null);
    const upload = { dataset: { id: "u1" } };
    assert.equal(withCatalogueDefaults(upload, entry), upload);
  });

  test("a job patched live still matches once live fields are set aside", () => {
    const page = buildSpec(defaultState());
    const job = structuredClone(page);
    job.training.learning_rate = 0.3;
    job.training.batch_size = 30;
    assert.equal(specMatches(page, job), false);
    assert.ok(specMatches(withoutLiveFields(page), job));
    job.training.optimizer = "adam";
    assert.equal(specMatches(withoutLiveFields(page), job), false);
  });
});
