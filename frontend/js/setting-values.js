// One setting's value as hash text, and back: the encoders and the checked decoders of the
// property types of state.js (bool, int, number, layers, points, ids ...). Pure. A decoder
// takes the server's `rules` for the bounds it does not know itself.

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const NAME_PATTERN = /^[a-z0-9_]{1,40}$/;

// String(number) is the shortest text that parses back to the same double.
const formatNumber = (value) => String(value);

/** `value` of `property` as hash text (decodeValue reads it back). */
export function encodeValue(property, value) {
  switch (property.type) {
    case "bool": return value ? "1" : "0";
    case "int": case "number": case "speed": return value === null ? "" : formatNumber(value);
    case "features": case "ids": case "names": return value.join(",");
    case "layers":
      return value.map((l) => [l.units, l.activation, ...(l.dropout ? [formatNumber(l.dropout)] : [])]
        .join(":")).join(",");
    case "points": return value.map((p) => p.map(formatNumber).join(",")).join(";");
    default: return String(value);
  }
}

/** A value the hash cannot carry: the message says what was expected. */
export class ValueError extends Error {}

/** A bound of a property: a number, or what the server's rules say. */
const bound = (value, rules) => (typeof value === "function" ? value(rules) : value);

function parseNumber(text, property, integer, rules) {
  if (text === "" && property.optional) return null;
  if (!/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) {
    throw new ValueError(`expected ${integer ? "an integer" : "a number"}`);
  }
  const value = Number(text);
  if (integer && !Number.isInteger(value)) throw new ValueError("expected an integer");
  const [min, max] = [bound(property.min, rules), bound(property.max, rules)];
  if (value < min || value > max) throw new ValueError(`expected ${min} to ${max}`);
  return value;
}

function parseLayer(text, { choices, limits }) {
  const [units, activation = "tanh", dropout = "0", ...rest] = text.split(":");
  if (rest.length || !/^\d+$/.test(units) || Number(units) < 1 || Number(units) > limits.max_units) {
    throw new ValueError(`expected units:activation[:dropout] with 1 to ${limits.max_units} units`);
  }
  if (!choices.activations.includes(activation)) {
    throw new ValueError(`expected an activation among ${choices.activations.join(", ")}`);
  }
  const rate = Number(dropout);
  if (!/^\d*\.?\d+$/.test(dropout) || !(rate >= 0 && rate < 1)) {
    throw new ValueError("expected a dropout rate from 0 to below 1");
  }
  return { units: Number(units), activation, dropout: rate };
}

function parsePoint(text) {
  const numbers = text.split(",");
  if (![3, 4].includes(numbers.length) || numbers.some((n) => !Number.isFinite(Number(n)) || n === "")) {
    throw new ValueError("expected points as x1,x2,label[,is_train];...");
  }
  return numbers.map(Number);
}

function parseList(text) {
  return text === "" ? [] : text.split(",");
}

/** The value of `property` in hash `text`, checked against `rules`; throws ValueError. */
export function decodeValue(property, text, rules) {
  switch (property.type) {
    case "bool":
      if (text !== "0" && text !== "1" && text !== "true" && text !== "false") {
        throw new ValueError("expected 0 or 1");
      }
      return text === "1" || text === "true";
    case "int": return parseNumber(text, property, true, rules);
    case "number": return parseNumber(text, property, false, rules);
    case "speed": return text === "max" ? "max" : parseNumber(text, property, false, rules);
    case "word":
      if (!property.words.includes(text)) throw new ValueError(`expected one of ${property.words.join(", ")}`);
      return text;
    case "enum": {
      const values = rules.choices[property.choice];
      if (!values.includes(text)) throw new ValueError(`expected one of ${values.join(", ")}`);
      return text;
    }
    case "name":
      if (!NAME_PATTERN.test(text)) throw new ValueError("expected a dataset name such as spiral");
      return text;
    case "id":
      if (text === "" && property.optional) return "";
      if (!ID_PATTERN.test(text)) throw new ValueError("expected an id of letters, digits, - and _");
      return text;
    case "ids": {
      const ids = parseList(text);
      if (ids.some((id) => !ID_PATTERN.test(id))) throw new ValueError("expected ids separated by commas");
      return [...new Set(ids)];
    }
    case "names": {
      // Which names mean something is for their reader to say (an unknown one is only warned of).
      const names = parseList(text).map((name) => name.trim()).filter(Boolean);
      if (names.some((name) => !/^[A-Za-z0-9_-]{1,40}$/.test(name))) {
        throw new ValueError("expected names of letters, digits, - and _ separated by commas");
      }
      return [...new Set(names)];
    }
    case "features": {
      const names = parseList(text);
      const features = rules.choices.features;
      const unknown = names.filter((name) => !features.includes(name));
      if (unknown.length) throw new ValueError(`unknown feature ${unknown.join(", ")}`);
      if (!names.length) throw new ValueError("expected at least one feature");
      return features.filter((name) => names.includes(name));
    }
    case "layers": {
      const layers = parseList(text).map((layer) => parseLayer(layer, rules));
      const most = rules.limits.max_hidden_layers;
      if (layers.length > most) throw new ValueError(`expected at most ${most} hidden layers`);
      return layers;
    }
    case "points": {
      const points = text === "" ? [] : text.split(";").map(parsePoint);
      const most = rules.limits.max_samples;
      if (points.length > most) throw new ValueError(`expected at most ${most} points`);
      return points;
    }
    default: throw new Error(`no decoder for ${property.type}`);
  }
}
