"""Jobs: lifecycle, persistence, the runner that trains them and the hub that streams them."""

from nnplayground.jobs.embedded import EmbeddedRunner
from nnplayground.jobs.errors import CapacityError, JobConflict, JobNotFound, StorageError
from nnplayground.jobs.hub import EventHub, Watcher
from nnplayground.jobs.manager import JobManager, Timing
from nnplayground.jobs.runner import Runner, SliceTrainer
from nnplayground.jobs.status import IllegalAction, JobStatus
from nnplayground.jobs.store import Store
from nnplayground.jobs.uploads import UnknownUpload, UploadedDataset, UploadLibrary

__all__ = [
    "CapacityError",
    "EmbeddedRunner",
    "EventHub",
    "IllegalAction",
    "JobConflict",
    "JobManager",
    "JobNotFound",
    "JobStatus",
    "Runner",
    "SliceTrainer",
    "StorageError",
    "Store",
    "Timing",
    "UnknownUpload",
    "UploadLibrary",
    "UploadedDataset",
    "Watcher",
]
