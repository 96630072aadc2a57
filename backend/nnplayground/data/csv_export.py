"""Any dataset as CSV, with its train/test split marked."""

from __future__ import annotations

import csv
import io
import re

import numpy as np

from .dataset import Dataset
from .errors import DataError
from .fields import decode_row

# A text cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def to_csv(dataset: Dataset, is_train: np.ndarray) -> str:
    """CSV text: a header of the feature columns, `label` and `split`, then one row per point.

    One-hot encoded text columns are written back as the one text column they came from.

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
    fields = dataset.fields
    names = [field.name for field in fields] if fields is not None else list(dataset.columns)
    writer.writerow([text_cell(name) for name in (*names, *_extra_names(names))])
    labels = [text_cell(label) for label in _label_texts(dataset)]
    splits = np.where(is_train, "train", "test")
    for row, label, split in zip(dataset.X.tolist(), labels, splits, strict=True):
        values = decode_row(fields, row) if fields is not None else row
        writer.writerow([*map(_cell, values), label, split])
    return out.getvalue()


def _cell(value: float | str) -> str:
    """A number as the text that reads back to the same float64; a category as text."""
    return text_cell(value) if isinstance(value, str) else repr(value)


def text_cell(text: str) -> str:
    """`text`, with a leading `'` if a spreadsheet would run it as a formula (as OWASP
    advises). Plain numbers such as `-1` stay as they are: they run nothing."""
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


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
