"""Random draws shared by the generators (all through a `np.random.Generator`)."""

import numpy as np

#: Every built-in dataset lies in this square (TF Playground's heatmap domain).
BOUND = 6.0


def class_sizes(n_samples: int, classes: int) -> np.ndarray:
    """Split `n_samples` into `classes` counts that differ by at most one (first ones larger)."""
    sizes = np.full(classes, n_samples // classes, dtype=np.int64)
    sizes[: n_samples % classes] += 1
    return sizes


def labels_for(sizes: np.ndarray) -> np.ndarray:
    """Class ids `0, 0, ..., 1, 1, ...` for classes of the given sizes, as int64."""
    return np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)


def truncated_normal(
    rng: np.random.Generator, mean: np.ndarray, std: float, bound: float = BOUND
) -> np.ndarray:
    """Normal draws around `mean` (any shape), redrawn until they lie in [-bound, bound].

    Redrawing (rather than clipping) keeps the shape of the cluster and piles no
    points up on the border of the square.
    """
    mean = np.asarray(mean, dtype=np.float64)
    values = mean + std * rng.standard_normal(mean.shape)
    outside = np.abs(values) > bound
    while outside.any():
        values[outside] = mean[outside] + std * rng.standard_normal(int(outside.sum()))
        outside = np.abs(values) > bound
    return values
