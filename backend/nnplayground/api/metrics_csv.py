"""A metrics history (columnar) as CSV: one row per point, empty cells for missing values."""

import csv
import io

from nnplayground.jobs.history import COLUMNS, Columns


def metrics_csv(columns: Columns) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in zip(*(columns[name] for name in COLUMNS), strict=True):
        writer.writerow(["" if value is None else value for value in row])
    return out.getvalue()
