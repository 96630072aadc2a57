"""TensorFlow Playground's six datasets, following its `src/dataset.ts`.

Every generator takes `(n_samples, noise, rng)` with `noise` as a fraction
(TF Playground passes its 0-50 % slider divided by 100, so 0.0-0.5) and returns
`(X (n, 2) float64, y (n,))`. TF's labels -1/+1 become class ids 0/1.

Where TF draws a noise offset for the *label* only (circle, xor, plane,
multi_gauss), the points themselves are noiseless and noise flips labels near
the boundary; spiral moves the points; gauss widens its clusters.
Class sizes differ by at most one, so `n_samples` points come out even when it
is odd (TF would make n + 1).
"""

import numpy as np

from .sampling import class_sizes, labels_for, truncated_normal

CIRCLE_RADIUS = 5.0
XOR_PADDING = 0.3
SPIRAL_RADIUS = 5.0
SPIRAL_TURNS = 1.75
MULTI_GAUSS_CENTRES = np.array(
    [[-4, 2.5], [0, 2.5], [4, 2.5], [-4, -2.5], [0, -2.5], [4, -2.5]], dtype=np.float64
)
MULTI_GAUSS_SIGNS = np.array([1, -1, 1, -1, 1, -1], dtype=np.float64)


def circle(n_samples: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Class 1 inside radius 2.5, class 0 in the ring 3.5-5; labels read at a noisy position."""
    n_outside, n_inside = class_sizes(n_samples, 2)
    radius = np.concatenate([
        rng.uniform(CIRCLE_RADIUS * 0.7, CIRCLE_RADIUS, n_outside),
        rng.uniform(0.0, CIRCLE_RADIUS * 0.5, n_inside),
    ])
    angle = rng.uniform(0.0, 2 * np.pi, n_samples)
    X = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    noisy = X + rng.uniform(-CIRCLE_RADIUS, CIRCLE_RADIUS, X.shape) * noise
    y = (np.hypot(noisy[:, 0], noisy[:, 1]) < CIRCLE_RADIUS * 0.5).astype(np.int64)
    return X, y


def xor(n_samples: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Uniform in [-5, 5]^2 pushed 0.3 away from the axes; class 1 where x1 * x2 >= 0."""
    X = rng.uniform(-5.0, 5.0, (n_samples, 2))
    X += np.where(X > 0, XOR_PADDING, -XOR_PADDING)
    noisy = X + rng.uniform(-5.0, 5.0, X.shape) * noise
    y = (noisy[:, 0] * noisy[:, 1] >= 0).astype(np.int64)
    return X, y


def gauss(n_samples: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussians, class 1 at (2, 2) and class 0 at (-2, -2); variance 0.5 + 7 * noise."""
    y = labels_for(class_sizes(n_samples, 2))
    variance = 0.5 + 7.0 * noise  # TF: d3.scale.linear().domain([0, .5]).range([0.5, 4])
    centres = np.where(y[:, None] == 1, [2.0, 2.0], [-2.0, -2.0])
    return truncated_normal(rng, centres, np.sqrt(variance)), y


def spiral(
    n_samples: int, noise: float, rng: np.random.Generator, classes: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """`classes` arms of 1.75 turns out to radius 5; noise moves points by up to +-noise.

    With two classes this is TF's spiral: class 1 starts at angle 0, class 0 at pi.
    """
    sizes = class_sizes(n_samples, classes)
    arms = []
    for c, size in enumerate(sizes):
        fraction = np.arange(size) / size
        offset = np.mod(np.pi + 2 * np.pi * c / classes, 2 * np.pi)
        angle = SPIRAL_TURNS * fraction * 2 * np.pi + offset
        radius = fraction * SPIRAL_RADIUS
        arms.append(np.column_stack([radius * np.sin(angle), radius * np.cos(angle)]))
    X = np.concatenate(arms) + rng.uniform(-1.0, 1.0, (n_samples, 2)) * noise
    return X, labels_for(sizes)


def plane(n_samples: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Uniform in [-6, 6]^2; target (x1 + x2) / 10 read at a noisy position."""
    X = rng.uniform(-6.0, 6.0, (n_samples, 2))
    noisy = X + rng.uniform(-6.0, 6.0, X.shape) * noise
    return X, noisy.sum(axis=1) / 10.0


def multi_gauss_target(points: np.ndarray) -> np.ndarray:
    """Six signed bumps `+-max(0, 1 - d / 2)`; at each point the one largest in absolute value."""
    distance = np.linalg.norm(points[:, None, :] - MULTI_GAUSS_CENTRES[None], axis=2)
    bumps = MULTI_GAUSS_SIGNS * np.clip(1.0 - distance / 2.0, 0.0, 1.0)
    strongest = np.argmax(np.abs(bumps), axis=1)  # first of equals, like TF's strict `>`
    target = bumps[np.arange(len(points)), strongest]
    return np.where(target == 0.0, 0.0, target)  # no -0.0


def multi_gauss(
    n_samples: int, noise: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Uniform in [-6, 6]^2; target `multi_gauss_target` read at a noisy position."""
    X = rng.uniform(-6.0, 6.0, (n_samples, 2))
    noisy = X + rng.uniform(-6.0, 6.0, X.shape) * noise
    return X, multi_gauss_target(noisy)
