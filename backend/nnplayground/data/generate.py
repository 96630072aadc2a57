"""`generate()`: a built-in dataset by name, its parameters checked against the catalogue."""

from __future__ import annotations

import numpy as np

from .catalogue import (
    CLASSES_RANGE,
    N_SAMPLES_RANGE,
    NOISE_RANGE,
    CatalogueEntry,
    dataset_names,
    find_entry,
)
from .checks import checked_int, checked_number, checked_seed
from .dataset import Dataset
from .errors import DataError
from .real import find_real, load_builtin


def generate(
    name: str,
    n_samples: int | None = None,
    noise: float | None = None,
    seed: int = 0,
    classes: int | None = None,
) -> Dataset:
    """The points of catalogue dataset `name`; None takes the catalogue's default.

    `noise` is in percent (0-50, TF Playground's units). The same arguments give
    the same points, to the bit. A real dataset (`real.REAL`) takes none of the parameters.
    """
    if find_real(name) is not None:
        return real_dataset(name, n_samples=n_samples, noise=noise, classes=classes)
    entry = find_entry(name)
    if entry is None:
        raise DataError(f"unknown dataset {name!r}; expected one of {', '.join(dataset_names())}")
    n = checked_int(
        "n_samples", entry.default_samples if n_samples is None else n_samples, N_SAMPLES_RANGE
    )
    noise_fraction = checked_number("noise", 0 if noise is None else noise, NOISE_RANGE) / 100.0
    k = _checked_classes(entry, classes)
    rng = np.random.default_rng(checked_seed(seed))
    if entry.has_classes_param:
        X, y = entry.generator(n, noise_fraction, rng, classes=k)
    else:
        X, y = entry.generator(n, noise_fraction, rng)
    return Dataset(name=name, X=X, y=y, kind=entry.kind, classes=k)


def _checked_classes(entry: CatalogueEntry, classes: object) -> int | None:
    if entry.has_classes_param:
        return entry.default_classes if classes is None else checked_int(
            "classes", classes, CLASSES_RANGE
        )
    if classes is None or classes == entry.fixed_classes:
        return entry.fixed_classes
    if entry.fixed_classes is None:
        raise DataError(
            f"dataset {entry.name!r} is a regression and takes no classes, got classes={classes!r}"
        )
    raise DataError(
        f"dataset {entry.name!r} always has {entry.fixed_classes} classes, got classes={classes!r}"
    )


def real_dataset(name: str, **params: object) -> Dataset:
    """The real dataset `name`; a generator's parameter given to it is a DataError naming it."""
    given = [key for key, value in params.items() if value is not None]
    if given:
        raise DataError(f"dataset {name!r} is real data of a fixed size; {given[0]} does not "
                        f"apply to it (leave it out)")
    X, y, meta = load_builtin(name)
    classes = len(meta["class_names"]) if meta["class_names"] else None
    return Dataset(name=name, X=X, y=y, kind=meta["kind"], classes=classes,
                   columns=meta["feature_names"], class_labels=meta["class_names"])
