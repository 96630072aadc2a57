"""Training sessions: a job spec turned into data, model and optimizer, run step by step."""

from nnplayground.spec import SpecError

from .grids import NotDrawableError
from .inputs import load_dataset, split_mask
from .session import TrainingSession

__all__ = ["NotDrawableError", "SpecError", "TrainingSession", "load_dataset", "split_mask"]
