"""The fields a person fills in to ask a model: one per original column, not per input.

A numeric column is one input; a categorical column is one-hot encoded into one input per
category (named `column=category`). `encode_rows` turns rows given by field name into the
raw input columns a job's pipeline takes; `decode_row` turns raw inputs back into values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .errors import DataError


@dataclass(frozen=True)
class InputField:
    """`kind` "number" (with the data's range) or "category" (with its categories)."""

    name: str
    kind: str
    low: float | None = None
    high: float | None = None
    categories: tuple[str, ...] = ()

    @property
    def width(self) -> int:
        """How many raw input columns the field takes."""
        return len(self.categories) if self.kind == "category" else 1

    def columns(self) -> list[str]:
        if self.kind == "category":
            return [f"{self.name}={category}" for category in self.categories]
        return [self.name]

    def public(self) -> dict:
        if self.kind == "category":
            return {"name": self.name, "kind": "category", "categories": list(self.categories)}
        return {"name": self.name, "kind": "number", "min": self.low, "max": self.high}

    @classmethod
    def from_public(cls, data: Mapping) -> InputField:
        if data["kind"] == "category":
            return cls(data["name"], "category", categories=tuple(data["categories"]))
        return cls(data["name"], "number", data["min"], data["max"])


def numeric_fields(columns: Sequence[str], X: np.ndarray) -> list[InputField]:
    """One number field per column, with the column's range."""
    if len(X) == 0:
        return [InputField(name, "number", 0.0, 0.0) for name in columns]
    return [InputField(name, "number", float(low), float(high))
            for name, low, high in zip(columns, X.min(axis=0), X.max(axis=0), strict=True)]


def encode_rows(fields: Sequence[InputField], rows: Sequence[Mapping]) -> np.ndarray:
    """Raw input rows `(n, sum of widths)` from rows of values by field name.

    A number field takes a finite number, a category field one of its categories; a
    missing, unknown or extra name is a DataError naming the row and the field.
    """
    names = {field.name for field in fields}
    out = np.zeros((len(rows), sum(field.width for field in fields)))
    for i, row in enumerate(rows):
        extra = sorted(set(row) - names)
        if extra:
            raise DataError(f"row {i}: unknown field {extra[0]!r}; the fields are "
                            f"{', '.join(field.name for field in fields)}")
        out[i] = np.concatenate([_encoded(field, row, i) for field in fields])
    return out


def _encoded(field: InputField, row: Mapping, i: int) -> np.ndarray:
    if field.name not in row:
        raise DataError(f"row {i}: field {field.name!r} is missing")
    value = row[field.name]
    if field.kind == "category":
        if value not in field.categories:
            raise DataError(f"row {i}, field {field.name!r}: {value!r} is not one of its "
                            f"categories ({', '.join(field.categories)})")
        return (np.array(field.categories) == value).astype(np.float64)
    if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value):
        raise DataError(f"row {i}, field {field.name!r}: expected a finite number, "
                        f"got {value!r}")
    return np.array([float(value)])


def decode_row(fields: Sequence[InputField], raw: Sequence[float]) -> list:
    """The field values of one raw input row: numbers, and each one-hot group's category."""
    values, start = [], 0
    for field in fields:
        part = raw[start:start + field.width]
        start += field.width
        if field.kind == "category":
            values.append(field.categories[int(np.argmax(part))])
        else:
            values.append(part[0])
    return values
