"""The compiled training kernel: numba loops that train the networks the service builds.

The numpy engine stays the reference and the fallback. Nothing here imports numba until
`load()` is called: the server starts (and runs on numpy) whether or not numba is there.
"""

from .loader import KernelUnavailable, load

__all__ = ["KernelUnavailable", "load"]
