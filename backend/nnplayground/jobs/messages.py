"""Every message a job's watchers get, built where the events happen (see hub.py)."""

import time

import numpy as np

from nnplayground.encoding import dumps_text
from nnplayground.jobs.history import Columns
from nnplayground.jobs.hub import BOUNDARY, ERROR, METRICS, MODEL, SNAPSHOT, STATUS, Message
from nnplayground.jobs.record import JobRecord
from nnplayground.training import TrainingSession
from nnplayground.training.frozen import FrozenModel
from nnplayground.training.pictures import rounded

Model = TrainingSession | FrozenModel  # pictures read either, the same way

STREAM_DECIMALS = 4  # a picture needs no more; it makes messages 2-3x smaller


def status_message(record: JobRecord) -> Message:
    return Message(STATUS, {"type": "status", "status": record.status.value,
                            "step": record.step, "epoch": record.epoch, "error": record.error,
                            "status_reason": record.status_reason})


def settings_message(record: JobRecord) -> Message:
    """The live settings after a change (every watcher follows them) and the job's name."""
    return Message(STATUS, {"type": "settings", "training": record.spec.training.model_copy(),
                            "name": record.name})


def snapshot_message(record: JobRecord, history: Columns) -> Message:
    """The job and its whole history (taken under the job's state lock)."""
    return Message(SNAPSHOT, {"type": "snapshot", "job": record.model_copy(),
                              "history": history})


def metrics_message(points: Columns) -> Message:
    """`published_at` (Unix seconds) lets a client measure how late its points arrive."""
    return Message(METRICS, {"type": "metrics", "points": points,
                             "published_at": round(time.time(), 4)})


def error_message(detail: str) -> Message:
    return Message(ERROR, {"type": "error", "detail": detail})


def boundary_message(session: Model, resolution: int) -> Message:
    """The picture for watchers, encoded once for all of them, values rounded."""
    picture = session.boundary(resolution)
    for key in ("z", "confidence"):
        if picture.get(key) is not None:
            picture[key] = np.round(picture[key], STREAM_DECIMALS)
    return Message(BOUNDARY, dumps_text({"type": "boundary", "step": session.step, **picture}))


def model_message(job_id: str, session: Model, neurons_resolution: int | None,
                  units_per_layer: int | None = None) -> Message:
    """The weights as `GET /model` answers them, the confusion matrix now (classification;
    it moves with the metrics at the pictures' bounded rate) and, at `neurons_resolution` (None: not
    drawn), the neuron pictures as `GET /neurons` answers them, values rounded. A big network
    is sent as the page draws it: the first `units_per_layer` units of each hidden layer."""
    neurons = None
    if neurons_resolution is not None:
        neurons = rounded(session.neurons(neurons_resolution, units_per_layer),
                          STREAM_DECIMALS)
    return Message(MODEL, dumps_text({"type": "model", "step": session.step,
                                      "epoch": session.epoch,
                                      "confusion_matrix": session.confusion_matrix(),
                                      "model": {"job_id": job_id,
                                                **session.model_json(units_per_layer)},
                                      "neurons": neurons}))
