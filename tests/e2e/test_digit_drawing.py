"""The drawing pad's downsampling (frontend/js/pixel-counts.js, run in Chromium) is the
digits set's own: ink counted per 4x4 block of a 32x32 bitmap, checked against the Python
reference, and digits drawn as strokes come out like the set's images of those digits."""

import math

import numpy as np
import pytest

from nnplayground.data.digits import bitmap_to_counts
from nnplayground.data.real import find_real, load_builtin

PIXEL_COUNTS = """async (input) => {
  const counts = await import('/js/pixel-counts.js');
  if (input.bitmap) return {counts: counts.countsOfBitmap(input.bitmap)};
  const drawn = counts.pixelCounts(input.strokes);
  return {bitmap: Array.from(drawn.bitmap), counts: drawn.counts};
}"""


def ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 48) -> list[list[float]]:
    return [[cx + rx * math.cos(2 * math.pi * k / n), cy + ry * math.sin(2 * math.pi * k / n)]
            for k in range(n + 1)]


# Digits as a person draws them on the 224-pixel pad: lists of strokes of [x, y] points.
DRAWN = {
    0: [ellipse(110, 110, 50, 85)],
    1: [[[100, 40], [118, 22], [118, 200]]],
    4: [[[130, 20], [55, 130], [165, 130]], [[130, 70], [130, 205]]],
    7: [[[50, 30], [165, 30], [95, 200]]],
}


@pytest.fixture
def pad_page(page, server):
    page.goto(server.url)
    return page


def test_the_page_counts_a_known_bitmap_as_the_python_reference(pad_page):
    rng = np.random.default_rng(7)
    bitmap = (rng.random((32, 32)) < 0.3).astype(np.uint8)
    bitmap[4:28, 20:25] = 1  # a thick stroke over several blocks
    answer = pad_page.evaluate(PIXEL_COUNTS, {"bitmap": bitmap.reshape(-1).tolist()})
    assert answer["counts"] == bitmap_to_counts(bitmap).reshape(-1).tolist()


@pytest.mark.parametrize("digit", sorted(DRAWN))
def test_a_drawn_digit_becomes_an_image_like_the_sets(pad_page, digit):
    answer = pad_page.evaluate(PIXEL_COUNTS, {"strokes": DRAWN[digit]})
    bitmap = np.array(answer["bitmap"]).reshape(32, 32)
    counts = np.array(answer["counts"])
    assert counts.tolist() == bitmap_to_counts(bitmap).reshape(-1).tolist()
    assert counts.min() >= 0 and counts.max() <= 16
    rows = np.flatnonzero(bitmap.any(axis=1))
    assert (rows[0], rows[-1]) == (0, 31)  # normalised: the digit fills the bitmap's height
    X, y, _ = load_builtin("digits")
    images = X * find_real("digits").scale
    class_means = np.array([images[y == d].mean(axis=0) for d in range(10)])
    nearest = int(((class_means - counts) ** 2).sum(axis=1).argmin())
    assert nearest == digit
