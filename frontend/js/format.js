// How numbers read on the page.

/** A loss as a decimal number: "0.253", "0.000123"; below 0.0001 eight decimals ("0.00000209"). */
export function formatLoss(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  if (value === 0) return "0.000";
  if (Math.abs(value) >= 0.001) return value.toFixed(3);
  if (Math.abs(value) >= 0.0001) return value.toFixed(Math.min(20, 2 - Math.floor(Math.log10(Math.abs(value)))));
  // Plain decimals even for tiny losses: scripts and people read this field as a number.
  return value.toFixed(8);
}

/** An accuracy in 0..1 as a percentage ("97.5%"). */
export function formatAccuracy(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return `${(value * 100).toFixed(1)}%`;
}

/** An epoch counter as plain digits ("1234"), so that it reads back as an integer. */
export function formatEpoch(value) {
  return Number.isFinite(value) ? String(Math.floor(value)) : "0";
}

/** A weight for a hover readout ("-0.412"). */
export function formatWeight(value) {
  return Number.isFinite(value) ? value.toFixed(3) : "–";
}

// The API's field paths as the page labels them, so that a message reads in the page's words.
const FIELD_LABELS = {
  "training.learning_rate": "Learning rate", "training.batch_size": "Batch size", "training.problem": "Problem type",
  "training.regularization_rate": "Regularization rate", "training.regularization": "Regularization",
  "training.optimizer": "Optimizer", "training.momentum": "Momentum", "training.seed": "Training seed",
  "training.max_epochs": "Stop after epochs", "training.target_loss": "Stop at test loss", "training.speed": "Speed",
  "dataset.n_samples": "Samples", "dataset.noise": "Noise", "dataset.classes": "Classes",
  "dataset.train_ratio": "Ratio of training to test data", "dataset.points": "Points placed by hand",
  "network.hidden": "Hidden layers", "network.init": "Weight init", features: "Features",
};

/** `text` with a leading API field path ("training.problem: …") in the page's words. */
export function inPageWords(text) {
  const match = /^([a-z_.]+(?:\.\d+)*(?:\.[a-z_]+)*): /.exec(text);
  if (!match) return text;
  const field = match[1].replace(/\.\d+.*$/, "");
  const label = FIELD_LABELS[match[1]] ?? FIELD_LABELS[field];
  return label ? `${label}: ${text.slice(match[0].length)}` : text;
}

/** One line of text from an error: the API's `message`, else `detail`, else the error itself. */
export function errorText(error) {
  if (!error) return "Unknown error";
  return inPageWords(error.message || String(error));
}
