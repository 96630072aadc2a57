"""What a job's watchers hear: status, metrics, snapshots and pictures, paced.

Pictures (boundary for 2-D data, weights with neuron pictures) go out at most every
`pictures_seconds` while a job runs, further apart when so many jobs run that drawing
them would take more than PICTURES_SHARE of the workers' time, and after every rest. They
are drawn from a copy of the weights, off the job's lock (painter.py).
"""

import time

from nnplayground.errors import FieldError
from nnplayground.jobs.history import to_columns
from nnplayground.jobs.hub import EventHub, Message, ModelView, Watcher
from nnplayground.jobs.job import Job
from nnplayground.jobs.messages import (
    boundary_message,
    metrics_message,
    model_message,
    settings_message,
    snapshot_message,
    status_message,
)
from nnplayground.jobs.painter import Painter
from nnplayground.limits import Limits
from nnplayground.training.frozen import FrozenModel

PICTURES_SHARE = 0.1  # of the workers' time, at most, for streamed pictures


class Broadcaster:
    def __init__(self, hub: EventHub, limits: Limits, pictures_seconds: float):
        self.hub = hub
        self.limits = limits
        self.pictures_seconds = pictures_seconds
        self._cost = 0.0  # seconds one round of pictures takes (moving average)
        self.painter = Painter(self._draw)

    # The caller of these holds the job's state lock, so messages keep their order.
    def status(self, job: Job) -> None:
        self.hub.publish(job.id, status_message(job.record))

    def snapshot(self, job: Job) -> None:
        self.hub.publish(job.id, snapshot_message(job.record, job.history.since(None)))

    def settings(self, job: Job) -> None:
        self.hub.publish(job.id, settings_message(job.record))

    def metrics(self, job: Job, points: list[dict]) -> None:
        self.hub.publish(job.id, metrics_message(to_columns(points)))

    def pictures_due(self, job: Job, running: int) -> bool:
        interval = max(self.pictures_seconds, self._cost * running / PICTURES_SHARE)
        return time.monotonic() - job.last_pictures >= interval

    def pictures(self, job: Job) -> None:
        """Boundary and model messages of the weights now, each at its watchers' resolution,
        drawn soon by the painter (the caller holds the job's session lock)."""
        job.last_pictures = time.monotonic()
        if self.hub.watched(job.id) and job.session is not None:
            self.painter.request(job, job.session, job.session.weights())

    def _draw(self, job: Job, model: FrozenModel) -> None:
        started = time.thread_time()
        if drawable(job):
            for resolution in self.hub.resolutions(job.id):
                self.hub.publish(job.id, boundary_message(model, resolution),
                                 only=lambda watcher, r=resolution: watcher.resolution == r)
        for view in self.hub.model_views(job.id):
            self.hub.publish(job.id, self.model_message(job, model, view),
                             only=lambda watcher, v=view: watcher.model_view == v)
        cost = time.thread_time() - started
        self._cost = 0.8 * self._cost + 0.2 * cost

    def first_pictures(self, job: Job, model: FrozenModel, watcher: Watcher) -> list[Message]:
        """The pictures a new watcher gets at once (a resting job publishes none)."""
        messages = []
        if not watcher.pictures:
            return messages
        if drawable(job):
            messages.append(boundary_message(model, watcher.resolution))
        messages.append(self.model_message(job, model, watcher.model_view))
        return messages

    def model_message(self, job: Job, model: FrozenModel, view: ModelView) -> Message:
        """Neuron pictures only for 2-D data, at a resolution the limits allow."""
        return model_message(job.id, model, *self.drawn(job, view))

    def drawn(self, job: Job, view: ModelView) -> ModelView:
        """The view drawn for watchers asking `view`: no pictures (resolution None) unless
        the data are 2-D and the limits allow them."""
        resolution, units_per_layer = view
        if resolution is not None and not (
                drawable(job) and self.neurons_allowed(job, resolution, units_per_layer)):
            resolution = None
        return resolution, units_per_layer

    def close(self) -> None:
        self.painter.close()

    def neurons_allowed(self, job: Job, resolution: int, units_per_layer: int | None) -> bool:
        try:
            check_neurons(self.limits, job, resolution, units_per_layer)
        except FieldError:
            return False
        return True


def check_neurons(limits: Limits, job: Job, resolution: int,
                  units_per_layer: int | None = None) -> None:
    """FieldError when neuron pictures of this job may not be drawn at `resolution`."""
    record = job.record
    limits.check_pictures(record.spec, record.summary.n_inputs, resolution, units_per_layer)


def drawable(job: Job) -> bool:
    return job.record.summary is not None and job.record.summary.drawable
