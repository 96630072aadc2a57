// A drawing made into an image of the 8x8 digits set, the way that set was made (UCI
// optdigits, see its DESCR): the digit normalised into a 32x32 bitmap, then the count of
// ink pixels in each non-overlapping 4x4 block, 0..16. The one place the page does this;
// tests/e2e/test_digits_page.py checks it against the Python reference (data/digits.py).

export const BITMAP_SIDE = 32;
export const IMAGE_SIDE = 8;
const BLOCK = BITMAP_SIDE / IMAGE_SIDE;
const PEN = 4.5; // stroke width in bitmap pixels: a drawn 0 then has the set's ink (~316 of 1024)
const MARGIN = PEN / 2;

/** The 8x8 counts (row by row, 64 values in 0..16) of a 32x32 bitmap (1 = ink). */
export function countsOfBitmap(bitmap) {
  const counts = new Array(IMAGE_SIDE * IMAGE_SIDE).fill(0);
  for (let row = 0; row < BITMAP_SIDE; row += 1) {
    for (let col = 0; col < BITMAP_SIDE; col += 1) {
      if (bitmap[row * BITMAP_SIDE + col]) counts[Math.floor(row / BLOCK) * IMAGE_SIDE + Math.floor(col / BLOCK)] += 1;
    }
  }
  return counts;
}

function boundingBox(strokes) {
  const points = strokes.flat();
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y);
  return { left: Math.min(...xs), top: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
}

/** Strokes (lists of [x, y] points in any units) -> where they go in the bitmap: the longer
 * side of their box fills it (NIST's size normalisation), the shorter one is centred. */
function fitting(strokes) {
  const box = boundingBox(strokes);
  const room = BITMAP_SIDE - 2 * MARGIN;
  const scale = room / Math.max(box.width, box.height, 1e-9);
  const dx = MARGIN + (room - box.width * scale) / 2 - box.left * scale;
  const dy = MARGIN + (room - box.height * scale) / 2 - box.top * scale;
  return ([x, y]) => [x * scale + dx, y * scale + dy];
}

/** The 32x32 bitmap (Uint8Array, 1 = ink, row by row) of strokes, drawn with the pen. */
export function bitmapOfStrokes(strokes) {
  const bitmap = new Uint8Array(BITMAP_SIDE * BITMAP_SIDE);
  const drawn = strokes.filter((stroke) => stroke.length);
  if (!drawn.length) return bitmap;
  const canvas = new OffscreenCanvas(BITMAP_SIDE, BITMAP_SIDE);
  const context = canvas.getContext("2d");
  Object.assign(context, { lineWidth: PEN, lineCap: "round", lineJoin: "round", strokeStyle: "#000", fillStyle: "#000" });
  const place = fitting(drawn);
  for (const stroke of drawn) {
    const points = stroke.map(place);
    context.beginPath();
    if (points.length === 1) context.arc(points[0][0], points[0][1], PEN / 2, 0, 2 * Math.PI);
    else points.forEach(([x, y], i) => (i ? context.lineTo(x, y) : context.moveTo(x, y)));
    if (points.length === 1) context.fill();
    else context.stroke();
  }
  const alpha = context.getImageData(0, 0, BITMAP_SIDE, BITMAP_SIDE).data;
  for (let i = 0; i < bitmap.length; i += 1) bitmap[i] = alpha[i * 4 + 3] >= 128 ? 1 : 0;
  return bitmap;
}

/** Strokes -> {bitmap, counts}: what the network is asked about is `counts`. */
export function pixelCounts(strokes) {
  const bitmap = bitmapOfStrokes(strokes);
  return { bitmap, counts: countsOfBitmap(bitmap) };
}
