"""What the server and a shard's actor send each other (shard.py): the plan to train a job,
what a report should carry (`Wants`), and the report (`Progress`)."""

from dataclasses import dataclass, field

from nnplayground.data.dataset import Dataset
from nnplayground.jobs.hub import Message, ModelView
from nnplayground.jobs.snapshots import SnapshotInfo
from nnplayground.kernel import NUMPY, KernelChoice
from nnplayground.spec import JobSpec
from nnplayground.training import TrainingSession


@dataclass(frozen=True)
class Plan:
    """All an actor needs to train a job: spec, state to the bit, uploaded data."""

    job_id: str
    spec: JobSpec
    checkpoint: bytes
    uploads: dict[str, Dataset]
    snapshot_cap: int = 0  # 0: keep no snapshots
    last_snapshot: int | None = None  # the epoch of the job's latest snapshot

    def session(self, kernels: KernelChoice = NUMPY) -> TrainingSession:
        session = TrainingSession(self.spec, self.uploads.__getitem__, kernels)
        session.restore(self.checkpoint)  # with the live hyperparameters it had
        return session


@dataclass(frozen=True)
class Wants:
    """What the server asks of a job's report."""

    since: int | None  # the last step the server has a point of (older points are dropped)
    checkpoint: bool = False
    boundary: tuple[int, ...] = ()  # the resolutions its watchers draw the boundary at
    # (watchers' model view, the one drawn for them: see hub.ModelView)
    neurons: tuple[tuple[ModelView, ModelView], ...] = ()
    placement: int = 0  # the job's placement asked about (Shard.add); another is not it


@dataclass(frozen=True)
class Picture:
    """A boundary or model message for the watchers whose `resolution` (boundary) or
    `model_view` (model) is `resolution`."""

    message: Message
    resolution: int | ModelView


@dataclass
class Progress:
    step: int
    epoch: int
    points: list[dict]
    ended: bool = False  # finished (the checkpoint says how) or failed: no longer trains
    error: str | None = None
    checkpoint: bytes | None = None
    pictures: list[Picture] = field(default_factory=list)
    snapshots: list[tuple[SnapshotInfo, bytes]] = field(default_factory=list)
