"""CSV uploads: a header row, then cells of numbers, text or nothing; column roles chosen."""

from __future__ import annotations

import csv
import io

import numpy as np

from .columns import MAX_INPUTS, Column, checked_missing, feature_block, note_missing, numbers
from .dataset import MAX_NAME_CHARS, Dataset
from .errors import DataError
from .labels import checked_kind, class_ids, infer_kind, text_classes

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 100
MIN_ROWS = 10


def parse_csv(
    content: bytes,
    label_column: str | None = None,
    kind: str | None = None,
    name: str = "upload.csv",
    features: list[str] | None = None,
    ignore: list[str] | None = None,
    missing: str | None = None,
) -> Dataset:
    """The Dataset of a CSV file, as spreadsheets are: numbers, text and missing cells.

    Roles: `label_column` (default: the last column) is the label; `features` (default:
    every other column not in `ignore`) are the inputs. Text feature columns are one-hot
    encoded, text labels become classes by name. Missing cells drop their rows, or with
    `missing="impute"` are filled in (`Dataset.notes` says how many). `kind` None infers
    it (see `labels.infer_kind`); classification labels become ids `0..k-1` in sorted
    order, the original values (or names) kept in `class_labels`. Errors name the file,
    and the line and column of a bad cell, or the column or limit at fault.
    """
    kind = checked_kind(kind)
    how = checked_missing(missing)
    rows = csv.reader(io.StringIO(_decoded(content, name), newline=""))
    header = _header(rows, name)
    label_index = _label_index(header, label_column, name)
    used = _feature_indices(header, label_index, features, ignore, name)
    cells, lines = _text_rows(rows, header, name)
    if len(cells) < MIN_ROWS:
        raise DataError(f"{name} has {len(cells)} data rows; at least {MIN_ROWS} are needed")
    label = Column(header[label_index], label_index + 1, [row[label_index] for row in cells])
    inputs = [Column(header[j], j + 1, [row[j] for row in cells]) for j in used]
    gaps = {column.name: _checked_missing(column, name) for column in [label, *inputs]}
    keep = ~gaps[label.name]
    if how == "drop":
        for column in inputs:
            keep &= ~gaps[column.name]
    if keep.sum() < MIN_ROWS:
        raise DataError(f"{name} has {int(keep.sum())} rows without missing cells; at least "
                        f"{MIN_ROWS} are needed (impute missing feature cells instead?)")
    blocks = [feature_block(column, keep, gaps[column.name], lines, name) for column in inputs]
    X = np.hstack([block for block, _ in blocks]) if blocks else np.empty((int(keep.sum()), 0))
    if X.shape[1] > MAX_INPUTS:
        raise DataError(f"{name} makes {X.shape[1]} inputs after one-hot encoding its text "
                        f"columns; at most {MAX_INPUTS} are allowed")
    fields = [field for _, field in blocks]
    imputed = sum(int(gaps[column.name][keep].sum()) for column in inputs)
    notes = note_missing(how, len(cells) - int(keep.sum()), imputed, name)
    columns = [column for field in fields for column in field.columns()]
    kept = np.flatnonzero(keep)
    what = f"label column {label.name!r} of {name}"
    if not label.is_numeric(gaps[label.name]):
        y, names = text_classes([label.cells[i] for i in kept], what, kind)
        return Dataset(name, X, y, "classification", len(names), columns, names, fields, notes)
    labels = numbers(label, kept, lines, name)
    if (kind or infer_kind(labels)) == "regression":
        return Dataset(name, X, labels, "regression", None, columns, None, fields, notes)
    y, class_labels = class_ids(labels, what, lambda i: f"line {lines[kept[i]]}")
    return Dataset(name, X, y, "classification", len(class_labels), columns, class_labels,
                   fields, notes)


def _checked_missing(column: Column, name: str) -> np.ndarray:
    gaps = column.missing()
    if gaps.all():
        raise DataError(f"column {column.name!r} of {name} has no values (every cell is "
                        "missing); ignore it")
    return gaps


def _feature_indices(header: list[str], label_index: int, features: list[str] | None,
                     ignore: list[str] | None, name: str) -> list[int]:
    """The feature columns' indices, in the file's order."""
    for role, names in (("features", features), ("ignore", ignore)):
        unknown = [column for column in names or () if column not in header]
        if unknown:
            raise DataError(f"{role}: column {unknown[0]!r} is not in {name}; its columns are "
                            f"{', '.join(header)}")
    if features is not None and header[label_index] in features:
        raise DataError(f"features: {header[label_index]!r} is the label column")
    chosen = set(features) if features is not None else set(header) - set(ignore or ())
    used = [j for j, column in enumerate(header) if column in chosen and j != label_index]
    if not used:
        raise DataError(f"{name}: no feature columns are left; choose at least one")
    return used


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


def _text_rows(rows, header: list[str], name: str) -> tuple[list[list[str]], np.ndarray]:
    """`(rows of stripped cells, line number of each row)`."""
    cells: list[list[str]] = []
    lines: list[int] = []
    while (row := _next_row(rows, name)) is not None:
        if len(cells) == MAX_ROWS:
            raise DataError(
                f"{name} has more than {MAX_ROWS} data rows (line {rows.line_num}); "
                f"at most {MAX_ROWS} are allowed"
            )
        if len(row) != len(header):
            raise DataError(f"{name}, line {rows.line_num}: {len(row)} cells, expected "
                            f"{len(header)} as in the header")
        cells.append([cell.strip() for cell in row])
        lines.append(rows.line_num)
    return cells, np.array(lines, dtype=np.int64)
