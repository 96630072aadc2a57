"""The messages a job's watchers get, built where the events happen (see hub.py)."""

import numpy as np

from nnplayground.jobs.encoding import dumps
from nnplayground.jobs.hub import BOUNDARY, MODEL, SNAPSHOT, STATUS, Message
from nnplayground.jobs.job import Job, public_record
from nnplayground.jobs.record import JobRecord
from nnplayground.training import TrainingSession

STREAM_DECIMALS = 4  # a picture needs no more; it makes messages 2-3x smaller


def status_message(record: JobRecord) -> Message:
    return Message(STATUS, {"type": "status", "status": record.status.value,
                            "step": record.step, "epoch": record.epoch, "error": record.error})


def snapshot_message(job: Job) -> Message:
    """The job and its whole history; the caller holds the job's state lock."""
    return Message(SNAPSHOT, {"type": "snapshot", "job": public_record(job.record),
                              "history": job.history.since(None)})


def boundary_message(session: TrainingSession, resolution: int) -> Message:
    """The picture for watchers, encoded once for all of them, values rounded."""
    picture = session.boundary(resolution)
    for key in ("z", "confidence"):
        if picture.get(key) is not None:
            values = np.asarray(picture[key], dtype=np.float64)
            picture[key] = np.round(values, STREAM_DECIMALS).tolist()
    return Message(BOUNDARY, dumps({"type": "boundary", "step": session.step, **picture}))



def model_message(job_id: str, session: TrainingSession, neurons_resolution: int | None
                  ) -> Message:
    """The weights as `GET /model` answers them and, at `neurons_resolution` (None: not
    drawn), the neuron pictures as `GET /neurons` answers them, values rounded."""
    neurons = None
    if neurons_resolution is not None:
        neurons = session.neurons(neurons_resolution)
        neurons["inputs"] = [{**picture, "z": rounded(picture["z"])}
                             for picture in neurons["inputs"]]
        neurons["layers"] = [[rounded(unit) for unit in layer] for layer in neurons["layers"]]
        neurons["output"] = rounded(neurons["output"])
    return Message(MODEL, dumps({"type": "model", "step": session.step, "epoch": session.epoch,
                                 "model": {"job_id": job_id, **session.model_json()},
                                 "neurons": neurons}))


def rounded(grid: list) -> list:
    return np.round(np.asarray(grid, dtype=np.float64), STREAM_DECIMALS).tolist()
