"""A local Ray instance stays on loopback, by Ray's own environment variable (no Ray here).

Ray advertises a node started on 127.0.0.1 on this host's outward address instead, so that
other machines could join it, unless RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER is 0 (the switch Ray
documents for single-machine use on Windows and macOS; it works the same on Linux). Ray
reads it once, when it is imported, in this process and in every process it starts: so it
is set before anything imports Ray, and a local instance is refused (ray_actor.connect)
when Ray was imported before, by someone else, without it.
"""

import os

CLUSTERS_VARIABLE = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"


def keep_to_loopback() -> None:
    """Before Ray is imported: a local instance started from this process binds and
    advertises 127.0.0.1 only."""
    os.environ[CLUSTERS_VARIABLE] = "0"
