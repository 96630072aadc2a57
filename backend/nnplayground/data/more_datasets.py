"""Datasets beyond TF Playground's: moons, checkerboard and multi-class blobs.

Same conventions as `playground.py`: `(n_samples, noise, rng[, classes])` with
`noise` a fraction 0.0-0.5, `(X (n, 2), y (n,) int64)` back, classes sized
within one of each other, every point inside [-6, 6]^2.
"""

import numpy as np

from .sampling import class_sizes, labels_for, truncated_normal

MOONS_SCALE = 3.0
#: The unit moons span x in [-1, 2] and y in [-0.5, 1]; this centres them on the origin.
MOONS_SHIFT = np.array([0.5, 0.25])
CHECKER_CELL = 3.0
CHECKER_CELLS = 4
BLOBS_RADIUS = 4.0


def moons(n_samples: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half circles of radius 3 (scikit-learn's moons, scaled by 3).

    Class 0 is the upper arc around (-1.5, -0.75), class 1 the lower arc around
    (1.5, 0.75); noise moves every point by up to +-3 * noise in each coordinate.
    """
    y = labels_for(class_sizes(n_samples, 2))
    angle = rng.uniform(0.0, np.pi, n_samples)
    upper = np.column_stack([np.cos(angle), np.sin(angle)])
    lower = np.column_stack([1.0 - np.cos(angle), 0.5 - np.sin(angle)])
    unit = np.where(y[:, None] == 0, upper, lower)
    jitter = rng.uniform(-1.0, 1.0, (n_samples, 2)) * noise
    return (unit - MOONS_SHIFT + jitter) * MOONS_SCALE, y


def checkerboard_class(points: np.ndarray) -> np.ndarray:
    """Colour of the 3x3 cell under each point: cells alternate, (-6, -6)'s cell is class 0."""
    cell = np.floor((points + CHECKER_CELL * CHECKER_CELLS / 2) / CHECKER_CELL)
    return (cell.sum(axis=1) % 2).astype(np.int64)


def checkerboard(
    n_samples: int, noise: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A 4x4 board of 3x3 cells over [-6, 6]^2; labels read at a position moved by <= 3 * noise.

    Each class draws its points uniformly from its own eight cells, so the
    classes are balanced however few points there are.
    """
    y_cell = labels_for(class_sizes(n_samples, 2))
    row = rng.integers(0, CHECKER_CELLS, n_samples)
    # Within a row the columns of one colour are those of the row's parity shifted by the class.
    col = 2 * rng.integers(0, CHECKER_CELLS // 2, n_samples) + (row + y_cell) % 2
    corner = np.column_stack([col, row]) * CHECKER_CELL - CHECKER_CELL * CHECKER_CELLS / 2
    X = corner + rng.uniform(0.0, CHECKER_CELL, (n_samples, 2))
    noisy = X + rng.uniform(-CHECKER_CELL, CHECKER_CELL, X.shape) * noise
    return X, checkerboard_class(noisy)


def blob_centres(classes: int) -> np.ndarray:
    """`classes` centres evenly on a circle of radius 4, the first at 45 degrees."""
    angle = np.pi / 4 + 2 * np.pi * np.arange(classes) / classes
    return BLOBS_RADIUS * np.column_stack([np.cos(angle), np.sin(angle)])


def blobs(
    n_samples: int, noise: float, rng: np.random.Generator, classes: int = 3
) -> tuple[np.ndarray, np.ndarray]:
    """One Gaussian per class at `blob_centres(classes)`, standard deviation 0.3 + 3 * noise."""
    y = labels_for(class_sizes(n_samples, classes))
    return truncated_normal(rng, blob_centres(classes)[y], 0.3 + 3.0 * noise), y
