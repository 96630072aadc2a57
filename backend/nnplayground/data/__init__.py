"""Datasets for the playground (numpy only): generators, features, splits, uploads.

The built-ins live in `catalogue.py`; the rest of the package turns any dataset
into what a network trains on.
"""

from .catalogue import list_datasets
from .csv_export import to_csv
from .csv_upload import MAX_COLUMNS, MAX_ROWS, MAX_UPLOAD_BYTES, parse_csv
from .dataset import MAX_NAME_CHARS, MAX_VALUE, Dataset
from .errors import DataError
from .features import FEATURES, compute_features
from .generate import generate
from .grid import grid
from .points import from_points
from .split import train_test_split
from .standardize import Standardizer

__all__ = [
    "FEATURES",
    "MAX_COLUMNS",
    "MAX_NAME_CHARS",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "MAX_VALUE",
    "DataError",
    "Dataset",
    "Standardizer",
    "compute_features",
    "from_points",
    "generate",
    "grid",
    "list_datasets",
    "parse_csv",
    "to_csv",
    "train_test_split",
]
