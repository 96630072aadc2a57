"""Watchers of a job: their first messages. A mixin of the job manager."""

from nnplayground.jobs.errors import JobNotFound
from nnplayground.jobs.hub import Message, Watcher
from nnplayground.jobs.messages import snapshot_message
from nnplayground.jobs.reading import (
    DEFAULT_NEURONS_RESOLUTION,
    DEFAULT_RESOLUTION,
    DEFAULT_UNITS_PER_LAYER,
)


class Watching:
    def watch(self, job_id: str, resolution: int = DEFAULT_RESOLUTION,
              neurons_resolution: int | None = DEFAULT_NEURONS_RESOLUTION,
              pictures: bool = True,
              units_per_layer: int | None = DEFAULT_UNITS_PER_LAYER) -> Watcher:
        """A watcher whose first message is the snapshot (call it on the event loop)."""
        job = self.jobs.get(job_id)
        with job.state_lock:
            first = snapshot_message(job.record, job.history.since(None))
            watcher = self.hub.subscribe(job_id, resolution, first, neurons_resolution,
                                         pictures, units_per_layer)
        # `delete` marks the job before it closes its watchers: a watcher subscribed after
        # that close sees the mark here; one subscribed before it is closed with the rest.
        if job.deleted:
            self.hub.unsubscribe(watcher)
            raise JobNotFound(job_id)
        return watcher

    def picture_messages(self, job_id: str, watcher: Watcher) -> list[Message]:
        """The boundary (2-D data) and model messages for one new watcher."""
        with self._frozen(job_id) as model:
            return self.broadcast.first_pictures(self.jobs.get(job_id), model, watcher)

