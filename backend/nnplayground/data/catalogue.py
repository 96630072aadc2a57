"""The catalogue of built-in datasets: the one table the API and the page render from.

A generator appears everywhere by being added to `CATALOGUE`, a real dataset by being
added to `real.REAL`. Every entry says its `modality`: "plane" (generated 2-D points),
"tabular" or "image" (real data, every column an input).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import more_datasets, playground
from .dataset import Kind
from .real import REAL, public_meta

N_SAMPLES_RANGE = (10, 5000)
NOISE_RANGE = (0, 50)  # percent, as TF Playground's slider
CLASSES_RANGE = (2, 8)

Generator = Callable[..., tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class CatalogueEntry:
    """A built-in dataset. `default_classes` is None when the class count is fixed."""

    name: str
    kind: Kind
    description: str
    generator: Generator
    default_samples: int
    fixed_classes: int | None = None
    default_classes: int | None = None

    @property
    def has_classes_param(self) -> bool:
        return self.default_classes is not None

    def public(self) -> dict:
        """The JSON-ready description of `list_datasets()`."""
        params: dict[str, dict] = {
            "n_samples": _param(self.default_samples, N_SAMPLES_RANGE),
            "noise": _param(0, NOISE_RANGE),
        }
        if self.has_classes_param:
            params["classes"] = _param(self.default_classes, CLASSES_RANGE)
        classes = self.default_classes if self.has_classes_param else self.fixed_classes
        return {
            "name": self.name,
            "kind": self.kind,
            "description": self.description,
            "classes": classes,
            "params": params,
            "modality": "plane",
            "feature_names": ["x1", "x2"],
            "class_names": [str(i) for i in range(classes)] if classes else None,
            "n_samples": self.default_samples,
            "n_features": 2,
            "image_shape": None,
            "source": "generated",
            "licence": None,
        }


def _param(default: int | None, bounds: tuple[int, int]) -> dict:
    return {"default": default, "min": bounds[0], "max": bounds[1]}


CATALOGUE: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        "circle", "classification",
        "A disc of one class inside a ring of the other (TF Playground).",
        playground.circle, 500, fixed_classes=2,
    ),
    CatalogueEntry(
        "xor", "classification",
        "Opposite quadrants share a class (TF Playground's exclusive or).",
        playground.xor, 500, fixed_classes=2,
    ),
    CatalogueEntry(
        "gauss", "classification",
        "Two Gaussian clusters; noise widens them until they overlap (TF Playground).",
        playground.gauss, 500, fixed_classes=2,
    ),
    CatalogueEntry(
        "spiral", "classification",
        "Interleaved spiral arms, one per class (TF Playground's with two).",
        playground.spiral, 500, default_classes=2,
    ),
    CatalogueEntry(
        "plane", "regression",
        "A tilted plane: the target is (x1 + x2) / 10 (TF Playground).",
        playground.plane, 1200,
    ),
    CatalogueEntry(
        "multi_gauss", "regression",
        "Six positive and negative bumps on a flat ground (TF Playground).",
        playground.multi_gauss, 1200,
    ),
    CatalogueEntry(
        "moons", "classification",
        "Two interleaved half circles.",
        more_datasets.moons, 500, fixed_classes=2,
    ),
    CatalogueEntry(
        "checkerboard", "classification",
        "A 4x4 board of alternating cells.",
        more_datasets.checkerboard, 500, fixed_classes=2,
    ),
    CatalogueEntry(
        "blobs", "classification",
        "One Gaussian cluster per class, on a circle.",
        more_datasets.blobs, 500, default_classes=3,
    ),
)

_BY_NAME = {entry.name: entry for entry in CATALOGUE}


def dataset_names() -> list[str]:
    """Generators first, then real datasets."""
    return [entry.name for entry in CATALOGUE] + [entry.name for entry in REAL]


def find_entry(name: str) -> CatalogueEntry | None:
    return _BY_NAME.get(name)


def list_datasets() -> list[dict]:
    """Every built-in dataset: name, kind, description, classes, its parameters' ranges
    (none for real data), modality, feature and class names, sizes, source and licence."""
    generated = [entry.public() for entry in CATALOGUE]
    real = [{**public_meta(entry), "params": {},
             "classes": len(entry.class_names) if entry.class_names else None}
            for entry in REAL]
    return generated + real
