"""What an export is made of: a job's spec, kernel and progress, its data, a fresh session.

The fresh session (numpy kernel, the spec's seeds) holds the data exactly as the job
trains on it and the initial weights, so the scripts start from what the job started from.
"""

from __future__ import annotations

from dataclasses import dataclass

from nnplayground.data import Dataset, parse_csv
from nnplayground.spec import JobSpec
from nnplayground.training import TrainingSession
from nnplayground.training.schedule import ceil_div, point_positions

# Above this, a script or report is refused (413): a download people can open and read.
MAX_EXPORT_BYTES = 16 * 1024 * 1024
DEFAULT_EPOCHS = 100  # a job that has not trained yet is exported for this many epochs


class DataGone(LookupError):
    """The job's uploaded dataset was deleted: nothing can rebuild its data (409)."""


class ExportTooLarge(ValueError):
    """The export would pass MAX_EXPORT_BYTES (413)."""


@dataclass(frozen=True)
class UploadedFile:
    """An upload as it was received: the CSV and the options it was parsed with."""

    name: str
    content: bytes
    label_column: str | None
    kind: str | None


@dataclass(frozen=True)
class ExportSource:
    job_id: str
    spec: JobSpec
    kernel: str  # "numpy" | "compiled": what the job trained on
    epochs: int  # whole epochs to train (the job's completed ones)
    session: TrainingSession  # fresh: the data and the initial weights
    upload: UploadedFile | None = None

    @classmethod
    def of(cls, job_id: str, spec: JobSpec, kernel: str | None, epoch: int,
           upload: UploadedFile | None) -> ExportSource:
        """DataGone when the spec names an upload and `upload` is None."""
        if spec.dataset.id is not None and upload is None:
            raise DataGone(f"job {job_id} trained on uploaded dataset {spec.dataset.id}, which "
                           "was deleted: its data cannot be exported")
        session = TrainingSession(spec, lambda _: upload_dataset(upload))
        epochs = epoch if epoch > 0 else min(DEFAULT_EPOCHS, spec.training.max_epochs
                                              or DEFAULT_EPOCHS)
        return cls(job_id, spec, kernel or "numpy", epochs, session, upload)

    @property
    def point_steps(self) -> list[int]:
        """Steps between the metric points of one epoch (one point at its end unless the
        epoch is long: training/schedule.py)."""
        n, batch = self.session.n_train, self.spec.training.batch_size
        steps, position = [], 0
        for mark in point_positions(n, batch):
            count = ceil_div(mark - position, batch)
            steps.append(count)
            position = min(position + count * batch, n)
        return steps


def upload_dataset(upload: UploadedFile | None) -> Dataset:
    if upload is None:
        raise LookupError("no upload")
    return parse_csv(upload.content, label_column=upload.label_column, kind=upload.kind,
                     name=upload.name)


def checked_size(text: str, what: str) -> str:
    size = len(text.encode())
    if size > MAX_EXPORT_BYTES:
        raise ExportTooLarge(f"the {what} would be {size / 2**20:.1f} MB, more than the "
                             f"{MAX_EXPORT_BYTES // 2**20} MB an export may be; export a job "
                             "with less data")
    return text
