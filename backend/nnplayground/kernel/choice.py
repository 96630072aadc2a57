"""Which kernel trains a learner: the compiled one when it is wanted, loaded and covers the
learner; the numpy engine otherwise, with the reason.

The server makes one KernelChoice at startup and loads the compiled kernel in a background
thread (a cold numba compile takes tens of seconds on a small machine; from the cache, a
second or two). A job that starts meanwhile trains on numpy and moves over at its next
chunk boundary (`Binding.provisional`): both kernels train the same arrays, so the move
changes nothing but the rounding of later steps, and nobody waits for the compiler.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from types import ModuleType

from nnplayground.engine import Learner

from .layout import NotCovered
from .loader import KernelUnavailable, load

log = logging.getLogger(__name__)

KERNELS = ("compiled", "numpy")


@dataclass(frozen=True)
class Binding:
    trainer: object  # `run_steps` and `predict`: a CompiledLearner, or the Learner itself
    kernel: str  # "compiled" | "numpy"
    reason: str | None = None  # why numpy, when the compiled kernel was wanted
    provisional: bool = False  # numpy only until the compiled kernel is ready


class KernelChoice:
    """`bind(learner)` answers the Binding a learner trains with now."""

    def __init__(self, wanted: str = "compiled"):
        if wanted not in KERNELS:
            raise ValueError(f"Invalid kernel: {wanted!r} (expected one of {', '.join(KERNELS)})")
        self.wanted = wanted
        self.compile_seconds: float | None = None
        self.error: str | None = None
        self._trainer: ModuleType | None = None
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        if wanted == "numpy":
            self._ready.set()

    @property
    def state(self) -> str:
        """"numpy" (chosen), "compiling", "compiled" (ready) or "unavailable" (see `error`)."""
        if self.wanted == "numpy":
            return "numpy"
        if not self._ready.is_set():
            return "compiling"
        return "compiled" if self._trainer is not None else "unavailable"

    def start(self) -> None:
        """Load the compiled kernel in the background (once)."""
        if self.wanted == "compiled" and self._thread is None:
            self._thread = threading.Thread(target=self.load, daemon=True,
                                            name="nnplayground-kernel-compile")
            self._thread.start()

    def load(self) -> None:
        """Load it now, in this thread; a failure is logged once and leaves numpy."""
        if self._ready.is_set():
            return
        started = time.perf_counter()
        try:
            self._trainer = load()
            self.compile_seconds = time.perf_counter() - started
        except KernelUnavailable as error:
            self.error = str(error)
            log.error("the compiled kernel is unavailable, jobs train on numpy: %s", error)
        finally:
            self._ready.set()

    def wait(self, timeout: float | None = None) -> bool:
        """True once loading has ended (in either way)."""
        return self._ready.wait(timeout)

    def bind(self, learner: Learner, batch_size: int = 1) -> Binding:
        """The kernel for `learner` at `batch_size` (bind again when that changes)."""
        state = self.state
        if state == "numpy":
            return Binding(learner, "numpy")
        if state == "compiling":
            return Binding(learner, "numpy", "the compiled kernel is still compiling",
                           provisional=True)
        if state == "unavailable":
            return Binding(learner, "numpy", f"the compiled kernel is unavailable: {self.error}")
        try:
            compiled = self._trainer.CompiledLearner(learner)
            compiled.layout.check_size(batch_size)
            return Binding(compiled, "compiled")
        except NotCovered as error:
            return Binding(learner, "numpy", f"not covered by the compiled kernel: {error}")


NUMPY = KernelChoice("numpy")
