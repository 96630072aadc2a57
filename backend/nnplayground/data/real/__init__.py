"""Built-in real datasets: small files shipped inside the package, declared once in `REAL`.

Each file is a gzipped CSV: a header of feature names then `target`, one row per sample
(class ids 0..k-1 for classification). Nothing is downloaded: the files come from
scikit-learn's wheel (`sklearn/datasets/data/`), see the README for sources and licences.
A dataset appears in the catalogue, the API and the page by being added to `REAL`.
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import numpy as np

from ..dataset import Kind

Modality = Literal["tabular", "image"]
UCI = "UCI Machine Learning Repository, via scikit-learn's bundled copy"
CC_BY = "CC BY 4.0"


@dataclass(frozen=True)
class RealDataset:
    """A real dataset. `class_names` is None for regression; `image_shape` for images.

    `standardize`: jobs z-score its inputs with training-split statistics whatever the
    spec says (features in cm next to features in thousands train badly otherwise).
    `scale` divides every input value as loaded (pixels 0..16 -> 0..1, say).
    """

    name: str
    kind: Kind
    modality: Modality
    description: str
    file: str
    class_names: tuple[str, ...] | None
    source: str
    licence: str
    image_shape: tuple[int, int] | None = None
    standardize: bool = True
    scale: float = 1.0


REAL: tuple[RealDataset, ...] = (
    RealDataset(
        "iris", "classification", "tabular",
        "Fisher's iris flowers: 4 measurements in cm, 3 species (150 flowers).",
        "iris.csv.gz", ("setosa", "versicolor", "virginica"),
        f"R. A. Fisher (1936); {UCI}", CC_BY,
    ),
    RealDataset(
        "wine", "classification", "tabular",
        "Chemical analysis of 178 Italian wines from 3 cultivars (13 measurements).",
        "wine.csv.gz", ("class_0", "class_1", "class_2"),
        f"Forina et al., PARVUS (1988); {UCI}", CC_BY,
    ),
    RealDataset(
        "breast_cancer", "classification", "tabular",
        "Wisconsin diagnostic breast cancer: 30 cell-nucleus measurements, 569 cases.",
        "breast_cancer.csv.gz", ("malignant", "benign"),
        f"Street, Wolberg & Mangasarian (1993); {UCI}", CC_BY,
    ),
    RealDataset(
        "diabetes", "regression", "tabular",
        "Disease progression one year after baseline from 10 measurements, 442 patients.",
        "diabetes.csv.gz", None,
        "Efron, Hastie, Johnstone & Tibshirani, 'Least Angle Regression', Annals of "
        "Statistics (2004); scikit-learn's bundled copy",
        "free for research and teaching, as published with the paper (BSD-3 in scikit-learn)",
    ),
    RealDataset(
        "digits", "classification", "image",
        "Handwritten digits, 8x8 pixels (ink counts 0..16), 1,797 images of 10 classes.",
        "digits.csv.gz", tuple(str(digit) for digit in range(10)),
        "E. Alpaydin, C. Kaynak (1998), Optical Recognition of Handwritten Digits (test "
        f"set); {UCI}", CC_BY,
        image_shape=(8, 8), standardize=False, scale=16.0,
    ),
)

_BY_NAME = {entry.name: entry for entry in REAL}


def real_names() -> list[str]:
    return [entry.name for entry in REAL]


def find_real(name: str) -> RealDataset | None:
    return _BY_NAME.get(name)


def load_builtin(name: str) -> tuple[np.ndarray, np.ndarray, dict]:
    """`(X (n, d) float64, y (n,), meta)` of the real dataset `name` (KeyError if unknown).

    `y` is int64 class ids for classification, float64 values for regression; `meta`
    is the catalogue's description of it (`public_meta`). Fresh arrays on every call.
    """
    entry = _BY_NAME[name]
    _, X, y = _read(entry.file)
    X = X / entry.scale if entry.scale != 1.0 else X.copy()
    y = y.astype(np.int64) if entry.kind == "classification" else y.copy()
    return X, y, public_meta(entry)


def public_meta(entry: RealDataset) -> dict:
    """What the catalogue says about a real dataset (sizes from its file)."""
    header, X, _ = _read(entry.file)
    return {
        "name": entry.name,
        "kind": entry.kind,
        "modality": entry.modality,
        "description": entry.description,
        "feature_names": list(header),
        "class_names": list(entry.class_names) if entry.class_names else None,
        "n_samples": int(X.shape[0]),
        "n_features": int(X.shape[1]),
        "image_shape": list(entry.image_shape) if entry.image_shape else None,
        "source": entry.source,
        "licence": entry.licence,
    }


@cache
def _read(file: str) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """The header (features only), features and target of a packaged file, parsed once."""
    raw = resources.files(__name__).joinpath(file).read_bytes()
    rows = list(csv.reader(io.StringIO(gzip.decompress(raw).decode("utf-8"))))
    values = np.array(rows[1:], dtype=np.float64)
    values.flags.writeable = False
    return tuple(rows[0][:-1]), values[:, :-1], values[:, -1]
