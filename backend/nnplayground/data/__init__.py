"""Datasets for the playground (numpy only): generators, features, splits, uploads.

The built-ins live in `catalogue.py`; the rest of the package turns any dataset
into what a network trains on.
"""

from .catalogue import list_datasets
from .dataset import Dataset
from .errors import DataError
from .features import FEATURES, compute_features
from .generate import generate
from .grid import grid
from .split import train_test_split

__all__ = [
    "FEATURES",
    "DataError",
    "Dataset",
    "compute_features",
    "generate",
    "grid",
    "list_datasets",
    "train_test_split",
]
