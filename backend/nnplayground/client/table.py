"""A small columnar table: what metrics and sweep results come back as. Plain lists of
columns (ready for Plotly), readable when printed, and `.to_pandas()` when pandas is
installed (the client never requires it)."""

from collections.abc import Iterator
from typing import Any


class Table:
    def __init__(self, columns: dict[str, list]):
        lengths = {len(values) for values in columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns of unequal length: {sorted(lengths)}")
        self.columns = {name: list(values) for name, values in columns.items()}

    @classmethod
    def from_rows(cls, rows: list[dict[str, Any]]) -> "Table":
        names = list(dict.fromkeys(name for row in rows for name in row))
        return cls({name: [row.get(name) for row in rows] for name in names})

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()), []))

    def __getitem__(self, name: str) -> list:
        return self.columns[name]

    def __contains__(self, name: str) -> bool:
        return name in self.columns

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows())

    def rows(self) -> list[dict[str, Any]]:
        names = list(self.columns)
        return [dict(zip(names, row, strict=True))
                for row in zip(*self.columns.values(), strict=True)]

    def to_pandas(self):
        try:
            import pandas
        except ImportError:
            raise ImportError("to_pandas() needs pandas: pip install pandas") from None
        return pandas.DataFrame(self.columns)

    def __str__(self) -> str:
        names = list(self.columns)
        cells = [[cell(value) for value in row.values()] for row in self.rows()]
        widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in
                  enumerate(names)]
        lines = ["  ".join(name.ljust(width) for name, width in zip(names, widths, strict=True))]
        lines += ["  ".join(text.rjust(width) for text, width in zip(row, widths, strict=True))
                  for row in cells]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"Table({len(self)} rows: {', '.join(self.columns)})"


def cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
