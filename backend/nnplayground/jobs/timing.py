"""The job manager's clocks and history sizes."""

from dataclasses import dataclass

from nnplayground.settings import default_setting


@dataclass(frozen=True)
class Timing:
    """The manager's clocks; their defaults are the settings' (settings.py says what each is)."""

    checkpoint_seconds: float = default_setting("checkpoint_seconds")
    boundary_seconds: float = default_setting("boundary_seconds")
    history_capacity: int = 10_000
    history_keep_recent: int = 1_000
    idle_seconds: float = default_setting("idle_session_seconds")
