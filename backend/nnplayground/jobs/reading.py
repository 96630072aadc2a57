"""Reads of a job's model (pictures, predictions, weights), for the job manager.

Each live read takes the job's session lock (so it waits for at most one slice) only to copy
the weights, building the session first if the job has none yet; it reads that copy outside
the lock, so a slow read never holds training or control of the job. The copy's memory is
held from the budget (memory.py) while it is read. With an `epoch`, a read
is of the snapshot nearest at or before it (snapshot_reads.py), and a JSON answer states the
snapshot's epoch and step.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from nnplayground.jobs.broadcast import check_neurons
from nnplayground.jobs.job import Job
from nnplayground.jobs.memory import frozen_mb
from nnplayground.jobs.registry import JobRegistry
from nnplayground.jobs.residency import Residency
from nnplayground.jobs.snapshots import SnapshotInfo
from nnplayground.limits import Limits
from nnplayground.training import TrainingSession, images
from nnplayground.training.frozen import FrozenModel

DEFAULT_RESOLUTION = 50
DEFAULT_NEURONS_RESOLUTION = 20
# Units of a hidden layer the stream and the preview draw by default: as many as the page's
# diagram shows of a column (network-diagram.js MAX_DRAWN); a read of /neurons draws all.
DEFAULT_UNITS_PER_LAYER = 16


class ModelReads:
    jobs: JobRegistry
    limits: Limits
    residency: Residency

    def _session(self, job: Job) -> TrainingSession:
        raise NotImplementedError

    def _read_snapshot(self, job_id: str, epoch: int, read: Callable[[TrainingSession], object]
                       ) -> tuple[SnapshotInfo, object]:
        raise NotImplementedError

    def check_neurons_resolution(self, job_id: str, resolution: int,
                                 units_per_layer: int | None = None) -> None:
        check_neurons(self.limits, self.jobs.get(job_id), resolution, units_per_layer)

    def boundary(self, job_id: str, resolution: int = DEFAULT_RESOLUTION,
                 epoch: int | None = None) -> dict:
        return self._read_json(job_id, lambda model: model.boundary(resolution), epoch)

    def neurons(self, job_id: str, resolution: int = DEFAULT_NEURONS_RESOLUTION,
                epoch: int | None = None, units_per_layer: int | None = None) -> dict:
        self.check_neurons_resolution(job_id, resolution, units_per_layer)
        return self._read_json(job_id, lambda model: model.neurons(resolution, units_per_layer),
                               epoch)

    def predict(self, job_id: str, points: list[list[float]] | None = None,
                rows: list[dict] | None = None) -> dict:
        return self._read_model(job_id, lambda model: model.predict(points, rows))

    def questions(self, job_id: str) -> dict:
        return self._read_model(job_id, FrozenModel.questions)

    def projection(self, job_id: str) -> dict:
        return self._read_model(job_id, FrozenModel.projection)

    def model_json(self, job_id: str, epoch: int | None = None,
                   units_per_layer: int | None = None) -> dict:
        return {"job_id": job_id, **self._read_json(
            job_id, lambda model: model.model_json(units_per_layer), epoch)}

    def first_layer(self, job_id: str) -> dict:
        return self._read_model(job_id, lambda m: images.first_layer(
            m.model, m.spec.dataset.name, m.data))

    def gallery(self, job_id: str, limit: int) -> dict:
        return self._read_model(job_id, lambda m: images.gallery(
            m.trainer, m.spec.dataset.name, m.data, m.problem, limit))

    def drawings(self, job_id: str, pixels: list[list[float]]) -> dict:
        return self._read_model(job_id, lambda m: images.drawings(
            m.trainer, m.spec.dataset.name, m.data, m.problem, pixels))

    def model_npz(self, job_id: str, epoch: int | None = None) -> bytes:
        if epoch is not None:
            return self._read_snapshot(job_id, epoch, TrainingSession.model_npz)[1]
        return self._read_model(job_id, FrozenModel.model_npz)

    def _read_json(self, job_id: str, read: Callable[[FrozenModel | TrainingSession], dict],
                   epoch: int | None) -> dict:
        if epoch is None:
            return self._read_model(job_id, read)
        snapshot, answer = self._read_snapshot(job_id, epoch, read)
        return {**answer, "epoch": snapshot.epoch, "step": snapshot.step}

    def _read_model(self, job_id: str, read: Callable[[FrozenModel], object]):
        with self._frozen(job_id) as model:
            return read(model)

    @contextmanager
    def _frozen(self, job_id: str) -> Iterator[FrozenModel]:
        """The job's model now, as a copy, its memory held from the budget while it is read."""
        job = self.jobs.get(job_id)
        with job.state_lock:
            spec = job.record.spec
        need = frozen_mb(spec, self.residency.shape(spec))
        with self.residency.held(need, f"a read of job {job_id}'s model", keep=job_id):
            with job.session_lock:
                session = self._session(job)
                weights = session.weights()
            yield FrozenModel(session, weights)
