"""Server settings: where data lives and how many workers train."""

import os
from dataclasses import dataclass, field
from pathlib import Path

from nnplayground.limits import Limits

DATA_DIR_ENV = "NNPLAYGROUND_DATA_DIR"


def default_data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV, "data"))


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    workers: int = 2
    limits: Limits = field(default_factory=Limits)
