"""Labels of uploaded or hand-made data: which kind they are, and their class ids."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .columns import is_number
from .dataset import KINDS
from .errors import DataError

#: Integer labels with at most this many distinct values are taken as classes.
MAX_CLASSES = 20


def checked_kind(kind: str | None) -> str | None:
    if kind is not None and kind not in KINDS:
        raise DataError(f"kind must be one of {', '.join(KINDS)} (or None to infer), got {kind!r}")
    return kind


def infer_kind(labels: np.ndarray) -> str:
    """Classification for integer labels with at most MAX_CLASSES values, else regression."""
    integers = bool(np.all(labels == np.round(labels)))
    if integers and len(np.unique(labels)) <= MAX_CLASSES:
        return "classification"
    return "regression"


def class_ids(
    labels: np.ndarray, what: str, row_name: Callable[[int], str]
) -> tuple[np.ndarray, list[int]]:
    """`(y, class_labels)`: ids `0..k-1` of the distinct `labels` in sorted order.

    `what` names the labels ("label column 'y'") and `row_name(i)` the row `i`
    ("line 7") in the error of a label that cannot be a class.
    """
    not_integer = np.flatnonzero(labels != np.round(labels))
    if len(not_integer):
        i = not_integer[0]
        raise DataError(
            f"{what}: classification needs integer labels, {row_name(i)} has {labels[i]:g}"
        )
    values, y = np.unique(labels, return_inverse=True)
    if len(values) < 2:
        raise DataError(
            f"{what} has a single class ({values[0]:g}); classification needs at least 2 classes"
        )
    if len(values) > MAX_CLASSES:
        raise DataError(
            f"{what} has {len(values)} distinct labels; classification allows at most "
            f"{MAX_CLASSES} classes (regression takes any number)"
        )
    return y.astype(np.int64).reshape(-1), [int(v) for v in values]


def text_classes(labels: list[str], what: str, kind: str | None) -> tuple[np.ndarray, list[str]]:
    """`(y, class names)` of text labels: ids `0..k-1` of the names in sorted order."""
    if kind == "regression":
        example = next(label for label in labels if not is_number(label))
        raise DataError(f"{what} holds text ({example!r}); regression needs numbers")
    names, y = np.unique(np.array(labels, dtype=str), return_inverse=True)
    if len(names) < 2:
        raise DataError(f"{what} has a single class ({names[0]!r}); classification needs at "
                        "least 2 classes")
    if len(names) > MAX_CLASSES:
        raise DataError(f"{what} has {len(names)} distinct labels; classification allows at "
                        f"most {MAX_CLASSES} classes")
    return y.astype(np.int64).reshape(-1), [str(name) for name in names]
