"""Training sessions: a job spec turned into data, model and optimizer, run step by step."""

from .inputs import load_dataset, split_mask
from .pictures import NotDrawableError
from .session import TrainingSession
from .summary import SessionSummary

__all__ = [
    "NotDrawableError",
    "SessionSummary",
    "TrainingSession",
    "load_dataset",
    "split_mask",
]
