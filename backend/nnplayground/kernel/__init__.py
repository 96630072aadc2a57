"""The compiled training kernel: numba loops that train the networks the service builds.

The numpy engine stays the reference and the fallback. Importing this package does not
import numba: that happens when a KernelChoice loads the kernel, so the server starts (and
runs on numpy) whether or not numba is there.
"""

from .choice import KERNELS, NUMPY, Binding, KernelChoice
from .layout import NotCovered
from .loader import KernelUnavailable, load

__all__ = ["KERNELS", "NUMPY", "Binding", "KernelChoice", "KernelUnavailable", "NotCovered",
           "load"]
