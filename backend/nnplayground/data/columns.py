"""Columns of a spreadsheet as text cells -> numbers: missing cells, numbers, categories.

A column is numeric when most of its filled cells are numbers (then a cell that is not is
an error naming its line), categorical otherwise (one-hot encoded, at most
MAX_CATEGORIES categories). Missing cells (empty, NA, N/A, null, ?) drop their rows or
are imputed (column mean, most frequent category); a label cell is never imputed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from .dataset import MAX_VALUE
from .errors import DataError
from .fields import InputField

MISSING = frozenset({"", "na", "n/a", "null", "?"})
MAX_CATEGORIES = 20
MAX_INPUTS = 200  # network inputs after one-hot encoding
MISSING_CHOICES = ("drop", "impute")


@dataclass
class Column:
    """One column's cells (stripped text) with the file's line number of each row."""

    name: str
    index: int  # 1-based, as a spreadsheet counts
    cells: list[str]

    def missing(self) -> np.ndarray:
        cells = np.array(self.cells, dtype=str)
        return np.isin(np.char.lower(cells), list(MISSING))

    def is_numeric(self, missing: np.ndarray) -> bool:
        filled = [cell for cell, gone in zip(self.cells, missing, strict=True) if not gone]
        try:
            np.array(filled, dtype=np.float64)  # the common case, at numpy's speed
            return True
        except ValueError:
            return sum(map(is_number, filled)) * 2 > len(filled)


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def checked_missing(missing: str | None) -> str:
    missing = missing or "drop"
    if missing not in MISSING_CHOICES:
        raise DataError(f"missing must be one of {', '.join(MISSING_CHOICES)}, got {missing!r}")
    return missing


def numbers(column: Column, rows: np.ndarray, lines: np.ndarray, file: str) -> np.ndarray:
    """The float64 values of `column`'s `rows`; the first bad cell is a DataError."""
    cells = [column.cells[i] for i in rows]
    where = lambda k: f"{file}, line {lines[rows[k]]}, column {column.index} ({column.name!r})"  # noqa: E731
    try:
        values = np.array(cells, dtype=np.float64)
    except ValueError:
        k = next(k for k, cell in enumerate(cells) if not is_number(cell))
        raise DataError(f"{where(k)}: {cells[k]!r} is not a number") from None
    bad = np.flatnonzero(~(np.abs(values) <= MAX_VALUE))
    if len(bad):
        k = bad[0]
        what = "is not a finite number" if not np.isfinite(values[k]) else \
            f"is beyond {MAX_VALUE:g} in size"
        raise DataError(f"{where(k)}: {cells[k]!r} {what}")
    return values


def feature_block(column: Column, keep: np.ndarray, missing: np.ndarray, lines: np.ndarray,
                  file: str) -> tuple[np.ndarray, InputField]:
    """The input columns `(n kept, width)` of one feature and its field; missing cells
    among the kept rows are imputed."""
    filled = np.flatnonzero(~missing)
    if column.is_numeric(missing):
        values = np.full(len(column.cells), np.nan)
        values[filled] = numbers(column, filled, lines, file)
        values = values[keep]
        values[np.isnan(values)] = np.nanmean(values) if (~np.isnan(values)).any() else 0.0
        return values[:, None], InputField(column.name, "number", float(values.min()),
                                           float(values.max()))
    counts = Counter(column.cells[i] for i in filled)
    if len(counts) > MAX_CATEGORIES:
        raise DataError(f"column {column.name!r} of {file} has {len(counts)} distinct text "
                        f"values; at most {MAX_CATEGORIES} categories per column are one-hot "
                        f"encoded (ignore the column, or give it numbers)")
    categories = tuple(sorted(counts))
    common = counts.most_common(1)[0][0]
    chosen = [column.cells[i] if not missing[i] else common for i in np.flatnonzero(keep)]
    onehot = (np.array(chosen)[:, None] == np.array(categories)[None, :]).astype(np.float64)
    return onehot, InputField(column.name, "category", categories=categories)


def note_missing(how: str, dropped: int, imputed: int, file: str) -> list[str]:
    notes = []
    if dropped:
        notes.append(f"{dropped} row{'s' if dropped != 1 else ''} of {file} with missing "
                     "cells dropped")
    if imputed:
        notes.append(f"{imputed} missing cell{'s' if imputed != 1 else ''} of {file} imputed "
                     "(numbers: the column's mean; text: its most frequent value)")
    return notes
