"""Training a job: its session (built on first use, restored from its checkpoint), slices
sized to a CPU budget from the job's pace, and the bounded chunks of a `step` action."""

import time
from collections.abc import Callable

from nnplayground.errors import FieldError
from nnplayground.kernel import KernelChoice
from nnplayground.spec import JobSpec, StepRequest
from nnplayground.training import TrainingSession, schedule
from nnplayground.training.inputs import UploadResolver

FIRST_SLICE_STEPS = 8
SLICE_CAP_FACTOR = 4  # a slice that stalls stops after this many times its budget
STEP_CHUNK_SECONDS = 0.05  # a step looks at its clock and its client this often


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


def train_slice(session: TrainingSession, pace: Pace, seconds: float,
                most_steps: int | None = None) -> list[dict]:
    """Train for about `seconds` of CPU; the metric points recorded meanwhile.

    Slices are sized in steps from the CPU time a step takes (not wall time, which
    includes waiting for the GIL), so every job gets the same CPU per turn; the
    wall-clock budget only caps a slice that stalls.
    """
    first_step, started = session.step, time.thread_time()
    steps = pace.steps_for(seconds)
    if most_steps is not None:
        steps = min(steps, most_steps)
    points = session.run(steps, seconds=SLICE_CAP_FACTOR * seconds)
    pace.observe(session.step - first_step, time.thread_time() - started)
    return points


def steps_asked(session: TrainingSession, request: StepRequest, most_epochs: int) -> int:
    """The minibatch steps a `step` action asks for, refused (FieldError) beyond the limit."""
    per_epoch = schedule.steps_per_epoch(session.n_train, session.batch_size)
    if request.epochs is not None:
        if request.epochs > most_epochs:
            raise FieldError("epochs", f"at most {most_epochs} epochs per step allowed "
                                       f"(got {request.epochs})")
        to_end = schedule.steps_to_epoch_end(session.n_train, session.epoch_position,
                                             session.batch_size)
        return to_end + (request.epochs - 1) * per_epoch
    most_steps = most_epochs * per_epoch
    if request.steps > most_steps:
        raise FieldError("steps", f"at most {most_steps} steps ({most_epochs} epochs) per "
                                  f"step allowed (got {request.steps})")
    return request.steps


def train_steps(session: TrainingSession, steps: int, seconds: float,
                stop: Callable[[], bool], record: Callable[[list[dict]], None]) -> str:
    """Train `steps` steps in short chunks, handing each chunk's points to `record`; stop
    early after `seconds` or when `stop()` says so. Why it stopped: done, time_limit,
    ended (the job completed or diverged) or cancelled."""
    deadline = time.monotonic() + seconds
    target = session.step + steps
    wall_pace = Pace()  # wall time, not CPU: a busy machine must not delay a cancellation
    while session.step < target and not session.finished:
        if stop():
            return "cancelled"
        chunk = 1 if wall_pace.seconds_per_step is None else wall_pace.steps_for(
            STEP_CHUNK_SECONDS)
        first_step, started = session.step, time.monotonic()
        points = session.run(min(chunk, target - session.step))
        wall_pace.observe(session.step - first_step, time.monotonic() - started)
        record(points)
        if time.monotonic() >= deadline and session.step < target:
            return "time_limit"  # after one chunk at least: every step makes progress
    return "ended" if session.finished else "done"


def load_session(spec: JobSpec, resolve_upload: UploadResolver, checkpoint: bytes | None,
                 kernels: KernelChoice) -> TrainingSession:
    """The session of a stored job, continuing from its checkpoint if it has one."""
    session = TrainingSession(spec, resolve_upload, kernels)
    if checkpoint is not None:
        session.restore(checkpoint)
    live_settings(session, spec)
    return session


def live_settings(session: TrainingSession, spec: JobSpec) -> None:
    """The spec holds the latest live hyperparameters, even those changed after the
    checkpoint the session was restored from."""
    training = spec.training
    session.update(learning_rate=training.learning_rate,
                   regularization_rate=training.regularization_rate,
                   batch_size=training.batch_size)


def checkpoint_due(job, every_seconds: float) -> bool:
    return time.monotonic() - job.last_checkpoint >= every_seconds
