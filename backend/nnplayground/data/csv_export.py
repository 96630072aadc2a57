"""Any dataset as CSV, with its train/test split marked."""

from __future__ import annotations

import csv
import io

import numpy as np

from .dataset import Dataset
from .errors import DataError


def to_csv(dataset: Dataset, is_train: np.ndarray) -> str:
    """CSV text: a header of the feature columns, `label` and `split`, then one row per point.

    Numbers are written so that they read back to the same float64. A classification
    label is written as its original value (`class_labels`), so that an uploaded
    file's labels come back as they were.
    """
    is_train = np.asarray(is_train)
    if is_train.dtype != bool or is_train.shape != (dataset.n_samples,):
        raise DataError(
            f"is_train must be a boolean mask of shape ({dataset.n_samples},), "
            f"got {is_train.dtype} {is_train.shape}"
        )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*dataset.columns, *_extra_names(dataset.columns)])
    labels = _label_texts(dataset)
    splits = np.where(is_train, "train", "test")
    for row, label, split in zip(dataset.X.tolist(), labels, splits, strict=True):
        writer.writerow([*map(repr, row), label, split])
    return out.getvalue()


def _label_texts(dataset: Dataset) -> list[str]:
    if dataset.kind == "classification":
        originals = list(dataset.class_labels or range(dataset.classes or 0))
        return [str(originals[i]) for i in dataset.y.tolist()]
    return [repr(v) for v in dataset.y.tolist()]


def _extra_names(columns: list[str]) -> list[str]:
    """`label` and `split`, with underscores appended if a feature column has the name."""
    names = []
    for name in ("label", "split"):
        while name in columns:
            name += "_"
        names.append(name)
    return names
