"""A job's metrics history: columnar (ready for Plotly) and bounded.

When the history reaches `capacity` points, every other point of the older part is
dropped; the newest `keep_recent` points are never thinned, so the latest point is
always there and a long run keeps its whole shape in at most `capacity` points.
"""

from bisect import bisect_right
from collections.abc import Iterable

# `time`: wall-clock Unix seconds the point was recorded at (not part of training, which
# is bit-reproducible; the points of one slice share it).
COLUMNS = ("step", "epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy",
           "time")

Columns = dict[str, list]


def empty_columns() -> Columns:
    return {name: [] for name in COLUMNS}


def to_columns(points: Iterable[dict]) -> Columns:
    columns = empty_columns()
    for point in points:
        for name in COLUMNS:
            columns[name].append(point.get(name))
    return columns


class MetricsHistory:
    def __init__(self, capacity: int = 10_000, keep_recent: int = 1_000):
        if keep_recent < 1 or capacity < 2 * keep_recent:
            raise ValueError(
                f"need 1 <= keep_recent and capacity >= 2 * keep_recent, "
                f"got capacity={capacity}, keep_recent={keep_recent}")
        self.capacity = capacity
        self.keep_recent = keep_recent
        self.columns: Columns = empty_columns()
        # Bumped whenever points are removed, so a store can tell appends from rewrites.
        self.generation = 0

    def __len__(self) -> int:
        return len(self.columns["step"])

    @property
    def last_step(self) -> int | None:
        steps = self.columns["step"]
        return steps[-1] if steps else None

    def latest(self) -> dict | None:
        if not len(self):
            return None
        return {name: values[-1] for name, values in self.columns.items()}

    def append(self, points: Iterable[dict]) -> None:
        for point in points:
            for name in COLUMNS:
                self.columns[name].append(point.get(name))
            if len(self) >= self.capacity:
                self.thin()

    def extend_columns(self, columns: Columns) -> None:
        """Append columnar points (as a store loads them)."""
        count = len(columns["step"])
        self.append({name: columns[name][i] for name in COLUMNS} for i in range(count))

    def thin(self) -> None:
        """Drop every other point of all but the newest `keep_recent` points."""
        older = len(self) - self.keep_recent
        if older <= 0:
            return
        for name, values in self.columns.items():
            self.columns[name] = values[:older][::2] + values[older:]
        self.generation += 1

    def clear(self) -> None:
        self.columns = empty_columns()
        self.generation += 1

    def since(self, step: int | None = None) -> Columns:
        """A copy of the points recorded after `step` (all of them for None)."""
        steps = self.columns["step"]
        start = 0 if step is None else bisect_right(steps, step)
        return {name: values[start:] for name, values in self.columns.items()}

