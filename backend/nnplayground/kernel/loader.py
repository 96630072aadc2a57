"""Loading the compiled kernel: numba's cache directory, the import, and the first compile.

numba reads NUMBA_CACHE_DIR when it is first imported, so the directory is decided here,
before that import, and nowhere else. Without it numba caches next to the package's
sources, which may not be writable (site-packages of a non-root container).
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path
from types import ModuleType

log = logging.getLogger(__name__)

CACHE_ENV = "NUMBA_CACHE_DIR"


class KernelUnavailable(RuntimeError):
    """numba cannot be imported, or the loops do not compile; the message says which."""


def cache_dir() -> Path:
    """$NUMBA_CACHE_DIR if set, else the user's cache directory, else the temp directory."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    for candidate in (base / "nnplayground" / "numba",
                      Path(tempfile.gettempdir()) / f"nnplayground-numba-{os.getuid()}"):
        try:
            candidate.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(candidate, os.W_OK):
            return candidate
    return Path(tempfile.mkdtemp(prefix="nnplayground-numba-"))


def load() -> ModuleType:
    """The `trainer` module, compiled (from numba's cache when it is warm).

    Raises KernelUnavailable with the reason when numba is missing or compilation fails.
    """
    os.environ.setdefault(CACHE_ENV, str(cache_dir()))
    started = time.perf_counter()
    try:
        from . import trainer
        from .warmup import warm_up
        warm_up(trainer.CompiledLearner)
    except Exception as error:  # any failure here means: train on numpy
        raise KernelUnavailable(f"{type(error).__name__}: {error}") from error
    log.info("compiled kernel ready in %.1f s (numba cache %s)",
             time.perf_counter() - started, os.environ[CACHE_ENV])
    return trainer
