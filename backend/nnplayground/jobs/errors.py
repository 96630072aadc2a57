"""Errors the job manager raises for the API to map to HTTP statuses."""

RETRY_AFTER_SECONDS = 5  # a running or stored job may be paused or deleted by then


class JobNotFound(LookupError):
    """No job with this id (404)."""

    def __init__(self, job_id: str):
        super().__init__(f"no job with id {job_id!r}")
        self.job_id = job_id


class JobConflict(Exception):
    """A request the job's state does not allow, other than a status transition (409)."""


class CapacityError(Exception):
    """No room for another running or stored job now (429 with Retry-After)."""

    def __init__(self, message: str, retry_after: int = RETRY_AFTER_SECONDS):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class StorageError(Exception):
    """The data directory refused a write (full disk, I/O error): 507. The caller leaves
    its job as it was in memory, or pauses it with this message as its `error`."""

    def __init__(self, reason: str):
        self.message = (f"storage: the data directory refused a write ({reason}); "
                        "free space, e.g. by deleting jobs or uploads, then try again")
        super().__init__(self.message)
