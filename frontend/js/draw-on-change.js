// Draws only when what is drawn has changed: the page's job object is new on every metrics
// message (~30 a second), while the tables read off it (the confusion matrix, the class
// report) change far less often, and rebuilding them drops a hover or a text selection.

/**
 * `draw` wrapped so that a call with inputs equal (as JSON) to the previous call's does
 * nothing; returns whether it drew. Inputs are plain data (arrays, numbers, text).
 */
export function drawOnChange(draw) {
  let last;
  return (...inputs) => {
    const key = JSON.stringify(inputs);
    if (key === last) return false;
    last = key;
    draw(...inputs);
    return true;
  };
}
