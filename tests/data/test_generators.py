"""Every built-in generator: shape, range, balance, determinism, noise, and its definition."""

import math

import numpy as np
import pytest

from nnplayground.data import generate, list_datasets
from nnplayground.data.playground import multi_gauss_target

GENERATORS = [entry for entry in list_datasets() if entry["modality"] == "plane"]


def _cases():
    for entry in GENERATORS:
        if "classes" in entry["params"]:
            for k in (2, 3, 8):
                yield pytest.param(entry["name"], k, id=f"{entry['name']}-{k}")
        else:
            yield pytest.param(entry["name"], None, id=entry["name"])


CASES = list(_cases())
#: Generators whose class sizes do not depend on where random points fall.
EXACTLY_BALANCED = {"circle", "gauss", "spiral", "moons", "checkerboard", "blobs"}


def _radius(X):
    return np.hypot(X[:, 0], X[:, 1])


@pytest.mark.parametrize(("name", "classes"), CASES)
@pytest.mark.parametrize("noise", [0, 50])
def test_shape_types_and_range(name, classes, noise):
    for n in (11, 500):
        data = generate(name, n_samples=n, noise=noise, seed=5, classes=classes)
        assert data.X.shape == (n, 2) and data.X.dtype == np.float64
        assert data.y.shape == (n,)
        assert np.abs(data.X).max() <= 6.0
        if data.kind == "classification":
            assert data.y.dtype == np.int64
            assert set(np.unique(data.y)) <= set(range(data.classes))
        else:
            assert data.y.dtype == np.float64 and data.classes is None


@pytest.mark.parametrize(("name", "classes"), CASES)
def test_same_seed_same_bits_other_seed_other_points(name, classes):
    first = generate(name, noise=20, seed=7, classes=classes)
    again = generate(name, noise=20, seed=7, classes=classes)
    other = generate(name, noise=20, seed=8, classes=classes)
    assert first.X.tobytes() == again.X.tobytes() and first.y.tobytes() == again.y.tobytes()
    assert not np.array_equal(first.X, other.X)


@pytest.mark.parametrize(("name", "classes"), CASES)
def test_noise_changes_the_data(name, classes):
    clean = generate(name, noise=0, seed=3, classes=classes)
    noisy = generate(name, noise=30, seed=3, classes=classes)
    assert not (np.array_equal(clean.X, noisy.X) and np.array_equal(clean.y, noisy.y))


@pytest.mark.parametrize(("name", "classes"), CASES)
def test_labels_are_balanced(name, classes):
    data = generate(name, n_samples=1001, noise=0, seed=1, classes=classes)
    if data.kind == "regression":
        return
    counts = np.bincount(data.y, minlength=data.classes)
    if name in EXACTLY_BALANCED:
        assert counts.max() - counts.min() <= 1 and counts.sum() == 1001
    else:  # xor: uniform points, its quadrants hold half the square each
        assert np.all(np.abs(counts / 1001 - 0.5) < 0.05)


# --- each generator against its definition -------------------------------------------


def test_circle_without_noise_is_a_disc_inside_a_ring():
    data = generate("circle", n_samples=1000, noise=0, seed=2)
    r = _radius(data.X)
    assert np.all(r[data.y == 1] < 2.5)
    assert np.all((r[data.y == 0] >= 3.5) & (r[data.y == 0] <= 5.0))
    assert np.array_equal(data.y, (r < 2.5).astype(np.int64))


def test_circle_noise_flips_labels_and_leaves_points():
    clean = generate("circle", n_samples=1000, noise=0, seed=2)
    noisy = generate("circle", n_samples=1000, noise=25, seed=2)
    assert np.array_equal(clean.X, noisy.X)
    flipped = clean.y != noisy.y
    assert 0 < flipped.sum() < 500
    # The label is read at a point moved by at most 5 * 0.25 per coordinate.
    reach = math.hypot(1.25, 1.25)
    r = _radius(clean.X)
    assert np.all(np.abs(r[flipped] - 2.5) <= reach)


def test_xor_without_noise_labels_the_quadrants():
    data = generate("xor", n_samples=1000, noise=0, seed=4)
    assert np.all((np.abs(data.X) >= 0.3) & (np.abs(data.X) <= 5.3))
    same_sign = data.X[:, 0] * data.X[:, 1] >= 0
    assert np.array_equal(data.y, same_sign.astype(np.int64))


def test_xor_noise_flips_only_labels():
    clean = generate("xor", noise=0, seed=4)
    noisy = generate("xor", noise=40, seed=4)
    assert np.array_equal(clean.X, noisy.X) and not np.array_equal(clean.y, noisy.y)


def _truncated_normal_variance(mean, std, low=-6.0, high=6.0):
    """Variance of N(mean, std^2) restricted to [low, high] (closed form)."""
    a, b = (low - mean) / std, (high - mean) / std
    pdf = lambda t: math.exp(-t * t / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    cdf = lambda t: (1 + math.erf(t / math.sqrt(2))) / 2  # noqa: E731
    mass = cdf(b) - cdf(a)
    shift = (pdf(a) - pdf(b)) / mass
    return std**2 * (1 + (a * pdf(a) - b * pdf(b)) / mass - shift**2)


@pytest.mark.parametrize(("noise", "variance"), [(0, 0.5), (25, 2.25), (50, 4.0)])
def test_gauss_clusters_have_tf_playgrounds_variance(noise, variance):
    data = generate("gauss", n_samples=5000, noise=noise, seed=6)
    for label, centre in ((1, 2.0), (0, -2.0)):
        cluster = data.X[data.y == label]
        expected = _truncated_normal_variance(centre, math.sqrt(variance))
        assert np.allclose(cluster.var(axis=0), expected, rtol=0.08)
        assert np.allclose(np.median(cluster, axis=0), centre, atol=0.15)


def _tf_spiral_arm(m, delta_t):
    """TF Playground's genSpiral without noise, point by point."""
    points = []
    for i in range(m):
        r = i / m * 5
        t = 1.75 * i / m * 2 * math.pi + delta_t
        points.append((r * math.sin(t), r * math.cos(t)))
    return np.array(points)


def test_two_class_spiral_is_tf_playgrounds():
    data = generate("spiral", n_samples=500, noise=0, seed=0)
    assert np.allclose(data.X[data.y == 1], _tf_spiral_arm(250, 0.0), atol=1e-12)
    assert np.allclose(data.X[data.y == 0], _tf_spiral_arm(250, math.pi), atol=1e-12)


@pytest.mark.parametrize("classes", [3, 5, 8])
def test_multi_class_spiral_arms_are_rotations_of_each_other(classes):
    data = generate("spiral", n_samples=80 * classes, noise=0, seed=0, classes=classes)
    arms = [data.X[data.y == c] for c in range(classes)]
    angle = [np.arctan2(arm[1:, 0], arm[1:, 1]) for arm in arms]  # x = r sin t, y = r cos t
    for c in range(1, classes):
        assert np.allclose(_radius(arms[c]), _radius(arms[0]))
        turn = np.mod(angle[c] - angle[0], 2 * np.pi)
        assert np.allclose(turn, 2 * np.pi * c / classes)


def test_spiral_noise_moves_points_by_at_most_the_noise():
    clean = generate("spiral", noise=0, seed=9, classes=4)
    noisy = generate("spiral", noise=40, seed=9, classes=4)
    offset = np.abs(noisy.X - clean.X)
    assert offset.max() <= 0.4 and offset.mean() > 0.1
    assert np.array_equal(clean.y, noisy.y)


def test_plane_target_is_the_sum_over_ten():
    data = generate("plane", noise=0, seed=1)
    assert data.X.min() >= -6 and data.X.max() <= 6
    assert np.allclose(data.y, (data.X[:, 0] + data.X[:, 1]) / 10, rtol=0, atol=1e-15)
    noisy = generate("plane", noise=50, seed=1)
    assert np.array_equal(noisy.X, data.X)
    change = np.abs(noisy.y - data.y)
    assert 0 < change.max() <= 2 * 6 * 0.5 / 10


@pytest.mark.parametrize(
    ("point", "target"),
    [
        ((-4, 2.5), 1.0), ((0, 2.5), -1.0), ((4, -2.5), -1.0), ((0, -2.5), 1.0),
        ((-4, 1.5), 0.5),  # 1 from (-4, 2.5): 1 - 1/2
        ((1, 2.5), -0.5),
        ((0, 0), 0.0),  # 2.5 from the nearest centres: beyond every bump
        ((-2, 0), 0.0),
        ((6, 6), 0.0),
    ],
)
def test_multi_gauss_target_by_hand(point, target):
    assert multi_gauss_target(np.array([point], dtype=float))[0] == pytest.approx(target)


def test_multi_gauss_without_noise_follows_its_bumps():
    data = generate("multi_gauss", noise=0, seed=2)
    assert np.all(np.abs(data.y) <= 1)
    assert np.array_equal(data.y, multi_gauss_target(data.X))
    near_positive = np.hypot(data.X[:, 0] + 4, data.X[:, 1] - 2.5) < 2
    assert np.all(data.y[near_positive] > 0)
    assert np.array_equal(generate("multi_gauss", noise=30, seed=2).X, data.X)


def test_moons_without_noise_lie_on_their_arcs():
    data = generate("moons", noise=0, seed=3)
    upper, lower = data.X[data.y == 0], data.X[data.y == 1]
    assert np.allclose(np.hypot(upper[:, 0] + 1.5, upper[:, 1] + 0.75), 3.0)
    assert np.all(upper[:, 1] >= -0.75 - 1e-12)
    assert np.allclose(np.hypot(lower[:, 0] - 1.5, lower[:, 1] - 0.75), 3.0)
    assert np.all(lower[:, 1] <= 0.75 + 1e-12)


def test_checkerboard_without_noise_alternates_cells():
    data = generate("checkerboard", n_samples=2000, noise=0, seed=4)
    col = np.floor((data.X[:, 0] + 6) / 3).astype(int)
    row = np.floor((data.X[:, 1] + 6) / 3).astype(int)
    assert np.array_equal(data.y, (col + row) % 2)
    assert len(set(zip(col.tolist(), row.tolist(), strict=True))) == 16


def _blob_centres(classes):
    angle = np.pi / 4 + 2 * np.pi * np.arange(classes) / classes
    return 4 * np.column_stack([np.cos(angle), np.sin(angle)])


@pytest.mark.parametrize("classes", [2, 5, 8])
def test_blobs_without_noise_are_tight_around_their_centres(classes):
    data = generate("blobs", n_samples=2000, noise=0, seed=5, classes=classes)
    centres = _blob_centres(classes)
    distance = np.linalg.norm(data.X[:, None] - centres[None], axis=2)
    assert np.array_equal(np.argmin(distance, axis=1), data.y)
    assert np.allclose((data.X - centres[data.y]).std(axis=0), 0.3, rtol=0.1)


def test_blobs_noise_widens_the_clusters():
    clean = generate("blobs", n_samples=2000, noise=0, seed=5)
    noisy = generate("blobs", n_samples=2000, noise=20, seed=5)
    assert np.array_equal(clean.y, noisy.y)
    deviation = noisy.X - _blob_centres(3)[noisy.y]
    assert np.allclose(deviation.std(axis=0), 0.3 + 3 * 0.2, rtol=0.1)
