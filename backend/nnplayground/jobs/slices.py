"""Training a job: its session (built on first use, restored from its checkpoint), slices
sized to a CPU budget from the job's pace, and the bounded steps of a `step` action."""

import time
from functools import partial

from nnplayground.errors import FieldError
from nnplayground.jobs.runner import StepTraining
from nnplayground.spec import JobSpec, StepRequest
from nnplayground.training import TrainingSession
from nnplayground.training.inputs import UploadResolver

FIRST_SLICE_STEPS = 8
SLICE_CAP_FACTOR = 4  # a slice that stalls stops after this many times its budget


class Pace:
    """CPU seconds a step of one job takes (moving average over its slices)."""

    def __init__(self) -> None:
        self.seconds_per_step: float | None = None

    def steps_for(self, seconds: float) -> int:
        if self.seconds_per_step is None:
            return FIRST_SLICE_STEPS
        return max(1, round(seconds / self.seconds_per_step))

    def observe(self, steps: int, seconds: float) -> None:
        if steps <= 0:
            return
        pace = seconds / steps
        previous = self.seconds_per_step
        self.seconds_per_step = pace if previous is None else 0.7 * previous + 0.3 * pace


def train_slice(session: TrainingSession, pace: Pace, seconds: float) -> list[dict]:
    """Train for about `seconds` of CPU; the metric points recorded meanwhile.

    Slices are sized in steps from the CPU time a step takes (not wall time, which
    includes waiting for the GIL), so every job gets the same CPU per turn; the
    wall-clock budget only caps a slice that stalls.
    """
    first_step, started = session.step, time.thread_time()
    points = session.run(pace.steps_for(seconds), seconds=SLICE_CAP_FACTOR * seconds)
    pace.observe(session.step - first_step, time.thread_time() - started)
    return points


def bounded_steps(session: TrainingSession, request: StepRequest,
                  most_epochs: int) -> StepTraining:
    """The training a `step` action asks for, refused (FieldError) beyond the limit; a
    function of the session (picklable, so a runner may run it where the session is)."""
    if request.epochs is not None:
        if request.epochs > most_epochs:
            raise FieldError("epochs", f"at most {most_epochs} epochs per step allowed "
                                       f"(got {request.epochs})")
        return partial(TrainingSession.run_epochs, n=request.epochs)
    most_steps = most_epochs * session.summary.steps_per_epoch
    if request.steps > most_steps:
        raise FieldError("steps", f"at most {most_steps} steps ({most_epochs} epochs) per "
                                  f"step allowed (got {request.steps})")
    return partial(TrainingSession.run, steps=request.steps)


def load_session(spec: JobSpec, resolve_upload: UploadResolver,
                 checkpoint: bytes | None) -> TrainingSession:
    """The session of a stored job, continuing from its checkpoint if it has one."""
    session = TrainingSession(spec, resolve_upload)
    if checkpoint is not None:
        session.restore(checkpoint)
    # The spec holds the latest live hyperparameters, even those changed after it.
    training = spec.training
    session.update(learning_rate=training.learning_rate,
                   regularization_rate=training.regularization_rate,
                   batch_size=training.batch_size)
    return session


def checkpoint_due(job, every_seconds: float) -> bool:
    return time.monotonic() - job.last_checkpoint >= every_seconds
