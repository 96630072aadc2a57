"""The Dataset every generator, upload and hand-made point set produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from .fields import InputField, numeric_fields

Kind = Literal["classification", "regression"]
KINDS: tuple[str, ...] = ("classification", "regression")
# Bounds on what any dataset holds: numbers beyond MAX_VALUE overflow the engine's float64
# sums (1e308 squared is inf); longer names would be copied into every job that uses them.
MAX_VALUE = 1e6
MAX_NAME_CHARS = 100


@dataclass
class Dataset:
    """Rows `X` `(n, d)` float64 with labels `y` `(n,)`.

    Classification: `y` holds int64 class ids `0..k-1`, `classes == k`, and
    `class_labels[i]` is the original label of class `i` (uploads may use -1/1 or 3/7).
    Regression: `y` is float64, `classes` and `class_labels` are None. Class labels of
    uploads with text labels, and of real datasets, are their names.
    """

    name: str
    X: np.ndarray
    y: np.ndarray
    kind: Kind
    classes: int | None
    columns: list[str] = field(default_factory=lambda: ["x1", "x2"])
    class_labels: list[int | str] | None = None
    #: What a person fills in to ask the model (`fields.InputField`); None: a number field
    #: per column. Uploads with categories one-hot encode a field into several columns.
    fields: list[InputField] | None = None
    #: What parsing did that a person should know (rows dropped, cells imputed, ...).
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        if self.X.ndim != 2 or self.y.shape != (self.X.shape[0],):
            raise ValueError(f"X must be (n, d) and y (n,), got {self.X.shape} and {self.y.shape}")
        if len(self.columns) != self.X.shape[1]:
            raise ValueError(f"{len(self.columns)} column names for {self.X.shape[1]} columns")
        if self.kind == "classification" and self.class_labels is None:
            self.class_labels = list(range(self.classes or 0))

    def input_fields(self) -> list[InputField]:
        """The fields of `fields`, or one number field per column with its range."""
        return self.fields if self.fields is not None else numeric_fields(self.columns, self.X)

    @property
    def n_samples(self) -> int:
        return int(self.X.shape[0])

    def __repr__(self) -> str:
        return (
            f"Dataset({self.name!r}, n={self.n_samples}, columns={self.columns}, "
            f"kind={self.kind!r}, classes={self.classes})"
        )
