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

/** One line of text from an error: the API's `message`, else `detail`, else the error itself. */
export function errorText(error) {
  if (!error) return "Unknown error";
  return error.message || String(error);
}
