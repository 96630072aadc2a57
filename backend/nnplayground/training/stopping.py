"""When a run ends, as values: a `Finish` says why, and rules compute one without acting.

A run completes at `max_epochs` or once the loss (test, else train) reaches `target_loss`,
and diverges when a loss is no longer finite. The session keeps the first `Finish` it gets.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finish:
    reason: str
    diverged: bool = False

    @property
    def code(self) -> str:
        """`diverged`, `target_loss` or `max_epochs`: the job's `status_reason`."""
        if self.diverged:
            return "diverged"
        return "target_loss" if "target_loss" in self.reason else "max_epochs"


def diverged_at(step: int) -> Finish:
    return Finish(f"loss became NaN/inf at step {step}; lower the learning rate", diverged=True)


@dataclass(frozen=True)
class StopRules:
    max_epochs: int | None
    target_loss: float | None

    def epochs_done(self, epoch: int, step: int) -> Finish | None:
        if self.max_epochs is not None and epoch >= self.max_epochs:
            return Finish(f"reached max_epochs ({self.max_epochs}) at step {step}")
        return None

    def at_point(self, point: dict, has_test: bool, epoch: int, step: int) -> Finish | None:
        """What a metric point ends, if anything: divergence, the target, or max_epochs."""
        if point["train_loss"] is None or (has_test and point["test_loss"] is None):
            return diverged_at(step)
        which = "test" if has_test else "train"
        loss = point[f"{which}_loss"]
        if self.target_loss is not None and loss <= self.target_loss:
            return Finish(f"{which} loss {loss:.6g} reached target_loss {self.target_loss:g} "
                          f"at step {step}")
        return self.epochs_done(epoch, step)
