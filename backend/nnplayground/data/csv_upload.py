"""CSV uploads: a header row, numeric cells, one label column."""

from __future__ import annotations

import csv
import io

import numpy as np

from .dataset import MAX_NAME_CHARS, MAX_VALUE, Dataset
from .errors import DataError
from .labels import checked_kind, class_ids, infer_kind

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 100
MIN_ROWS = 10


def parse_csv(
    content: bytes,
    label_column: str | None = None,
    kind: str | None = None,
    name: str = "upload.csv",
) -> Dataset:
    """The Dataset of a CSV file: every column but `label_column` (default: the last) is a feature.

    `kind` None infers it (see `labels.infer_kind`). Classification labels become
    ids `0..k-1` in sorted order; the original values stay in `class_labels`.
    Errors name the file, and the line and column of a bad cell.
    """
    kind = checked_kind(kind)
    rows = csv.reader(io.StringIO(_decoded(content, name), newline=""))
    header = _header(rows, name)
    label_index = _label_index(header, label_column, name)
    values, lines = _numeric_rows(rows, header, name)
    if len(values) < MIN_ROWS:
        raise DataError(f"{name} has {len(values)} data rows; at least {MIN_ROWS} are needed")
    labels = values[:, label_index]
    X = np.delete(values, label_index, axis=1)
    columns = [c for i, c in enumerate(header) if i != label_index]
    what = f"label column {header[label_index]!r} of {name}"
    if (kind or infer_kind(labels)) == "regression":
        return Dataset(name, X, labels, "regression", None, columns)
    y, class_labels = class_ids(labels, what, lambda i: f"line {lines[i]}")
    return Dataset(name, X, y, "classification", len(class_labels), columns, class_labels)


def _decoded(content: bytes, name: str) -> str:
    if len(content) > MAX_UPLOAD_BYTES:
        raise DataError(
            f"{name} is {len(content) / 2**20:.1f} MB ({len(content)} bytes); "
            f"at most 10 MB ({MAX_UPLOAD_BYTES} bytes) can be uploaded"
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        reason = f"{error.reason} at byte {error.start}"
        raise DataError(f"{name} is not UTF-8 text ({reason})") from None
    if not text.strip():
        raise DataError(f"{name} is empty; expected a header row and at least {MIN_ROWS} rows")
    return text


def _is_blank(row: list[str]) -> bool:
    return len(row) <= 1 and not "".join(row).strip()


def _next_row(rows, name: str) -> list[str] | None:
    """The next non-blank row, or None at the end; a malformed line is a DataError."""
    try:
        for row in rows:
            if not _is_blank(row):
                return row
    except csv.Error as error:
        raise DataError(f"{name}, line {rows.line_num}: {error}") from None
    return None


def _header(rows, name: str) -> list[str]:
    row = _next_row(rows, name)
    if row is None:
        raise DataError(f"{name} is empty; expected a header row")
    line = rows.line_num
    header = [cell.strip() for cell in row]
    if len(header) > MAX_COLUMNS:
        raise DataError(f"{name} has {len(header)} columns; at most {MAX_COLUMNS} are allowed")
    if len(header) < 2:
        raise DataError(
            f"{name} has {len(header)} column ({header[0]!r}); expected features and a label"
        )
    if all(_looks_numeric(column) for column in header):
        raise DataError(
            f"{name}, line {line}: the first row must be a header of column names, "
            f"got numbers ({', '.join(header[:3])}, ...)"
        )
    for j, column in enumerate(header, start=1):
        if len(column) > MAX_NAME_CHARS:
            raise DataError(f"{name}, line {line}: column {j} ({column[:20]!r}...) has a name "
                            f"of {len(column)} characters; at most {MAX_NAME_CHARS} allowed")
        if not column:
            raise DataError(f"{name}, line {line}: column {j} has no name in the header row")
        if header.index(column) != j - 1:
            raise DataError(f"{name}, line {line}: column name {column!r} appears twice")
    return header


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _label_index(header: list[str], label_column: str | None, name: str) -> int:
    if label_column is None:
        return len(header) - 1
    if not isinstance(label_column, str):
        raise DataError(f"label_column must be a column name, got {label_column!r}")
    if len(label_column) > MAX_NAME_CHARS:
        raise DataError(f"label_column must be a column name of at most {MAX_NAME_CHARS} "
                        f"characters (got {len(label_column)})")
    if label_column.strip() not in header:
        raise DataError(
            f"label column {label_column!r} is not in {name}; its columns are {', '.join(header)}"
        )
    return header.index(label_column.strip())


def _numeric_rows(rows, header: list[str], name: str) -> tuple[np.ndarray, np.ndarray]:
    """`(values (n, columns) float64, line number of each row)`."""
    capacity = MAX_ROWS + 1  # one more than allowed, to notice a file that is too long
    values = np.empty((min(capacity, 1024), len(header)))
    lines = np.empty(len(values), dtype=np.int64)
    n = 0
    while (row := _next_row(rows, name)) is not None:
        if n == MAX_ROWS:
            raise DataError(
                f"{name} has more than {MAX_ROWS} data rows (line {rows.line_num}); "
                f"at most {MAX_ROWS} are allowed"
            )
        if n == len(values):  # grow geometrically: the file's size bounds the rows, not the cap
            values = np.resize(values, (min(capacity, 2 * n), len(header)))
            lines = np.resize(lines, len(values))
        _store_row(values, n, row, header, name, rows.line_num)
        lines[n] = rows.line_num
        n += 1
    return values[:n], lines[:n]


def _store_row(
    values: np.ndarray, n: int, row: list[str], header: list[str], name: str, line: int
) -> None:
    if len(row) != len(header):
        raise DataError(
            f"{name}, line {line}: {len(row)} cells, expected {len(header)} as in the header"
        )
    try:
        values[n] = row
    except ValueError:
        _raise_bad_cell(row, header, name, line)
    if not (np.abs(values[n]) <= MAX_VALUE).all():  # also false for nan
        _raise_bad_cell(row, header, name, line)


def _raise_bad_cell(row: list[str], header: list[str], name: str, line: int) -> None:
    """Raise the DataError of the first cell of `row` that is not a finite number."""
    for j, (cell, column) in enumerate(zip(row, header, strict=True), start=1):
        where = f"{name}, line {line}, column {j} ({column!r})"
        if not cell.strip():
            raise DataError(f"{where}: empty cell; expected a number")
        try:
            value = np.float64(cell)
        except ValueError:
            raise DataError(f"{where}: {cell.strip()!r} is not a number") from None
        if not np.isfinite(value):
            raise DataError(f"{where}: {cell.strip()!r} is not a finite number")
        if abs(value) > MAX_VALUE:
            raise DataError(f"{where}: {cell.strip()!r} is beyond {MAX_VALUE:g} in size")
    raise AssertionError(f"no bad cell found in line {line}")  # unreachable
