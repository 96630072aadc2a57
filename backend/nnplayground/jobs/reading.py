"""Reads of a job's model (pictures, predictions, weights), for the job manager.

Each read takes the job's session lock (so it waits for at most one slice) and builds the
session first if the job has none yet.
"""

from collections.abc import Callable

from nnplayground.jobs.broadcast import check_neurons
from nnplayground.jobs.job import Job
from nnplayground.jobs.registry import JobRegistry
from nnplayground.limits import Limits
from nnplayground.training import TrainingSession, images

DEFAULT_RESOLUTION = 50
DEFAULT_NEURONS_RESOLUTION = 20


class ModelReads:
    jobs: JobRegistry
    limits: Limits

    def _session(self, job: Job) -> TrainingSession:
        raise NotImplementedError

    def check_neurons_resolution(self, job_id: str, resolution: int) -> None:
        check_neurons(self.limits, self.jobs.get(job_id), resolution)

    def boundary(self, job_id: str, resolution: int = DEFAULT_RESOLUTION) -> dict:
        return self._read_model(job_id, lambda session: session.boundary(resolution))

    def neurons(self, job_id: str, resolution: int = DEFAULT_NEURONS_RESOLUTION) -> dict:
        self.check_neurons_resolution(job_id, resolution)
        return self._read_model(job_id, lambda session: session.neurons(resolution))

    def predict(self, job_id: str, points: list[list[float]] | None = None,
                rows: list[dict] | None = None) -> dict:
        return self._read_model(job_id, lambda session: session.predict(points, rows))

    def questions(self, job_id: str) -> dict:
        return self._read_model(job_id, TrainingSession.questions)

    def projection(self, job_id: str) -> dict:
        return self._read_model(job_id, TrainingSession.projection)

    def first_layer(self, job_id: str) -> dict:
        return self._read_model(job_id, lambda s: images.first_layer(
            s.model, s.spec.dataset.name, s.data))

    def gallery(self, job_id: str, limit: int) -> dict:
        return self._read_model(job_id, lambda s: images.gallery(
            s.binding.trainer, s.spec.dataset.name, s.data, s.problem, limit))

    def drawings(self, job_id: str, pixels: list[list[float]]) -> dict:
        return self._read_model(job_id, lambda s: images.drawings(
            s.binding.trainer, s.spec.dataset.name, s.data, s.problem, pixels))

    def model_json(self, job_id: str) -> dict:
        return {"job_id": job_id, **self._read_model(job_id, TrainingSession.model_json)}

    def model_npz(self, job_id: str) -> bytes:
        return self._read_model(job_id, TrainingSession.model_npz)

    def _read_model(self, job_id: str, read: Callable[[TrainingSession], object]):
        job = self.jobs.get(job_id)
        with job.session_lock:
            return read(self._session(job))
