"""How the 8x8 handwritten digits were made (UCI Optical Recognition of Handwritten Digits).

Each image pixel is the count of "on" pixels in one 4x4 block of a normalised 32x32
bitmap, so 0..16 (the set's DESCR). `bitmap_to_counts` is that reduction: the reference
the page's drawing pad (`frontend/js/pixel-counts.js`) is tested against. The data
themselves are `real/digits.csv.gz` (columns `r{row}c{col}` then `target`).
"""

from __future__ import annotations

import numpy as np

IMAGE_SHAPE = (8, 8)
BITMAP_SIDE = 32
BLOCK = BITMAP_SIDE // IMAGE_SHAPE[0]  # 4x4 pixels of the bitmap per image pixel
MAX_COUNT = BLOCK * BLOCK  # 16


def bitmap_to_counts(bitmap: np.ndarray) -> np.ndarray:
    """A 32x32 bitmap (nonzero = ink) -> the 8x8 counts of ink per 4x4 block, 0..16."""
    bitmap = np.asarray(bitmap)
    if bitmap.shape != (BITMAP_SIDE, BITMAP_SIDE):
        raise ValueError(f"expected a {BITMAP_SIDE}x{BITMAP_SIDE} bitmap, got {bitmap.shape}")
    blocks = (bitmap != 0).reshape(IMAGE_SHAPE[0], BLOCK, IMAGE_SHAPE[1], BLOCK)
    return blocks.sum(axis=(1, 3)).astype(np.int64)
