"""Errors the job manager raises for the API to map to HTTP statuses."""


class JobNotFound(LookupError):
    """No job with this id (404)."""

    def __init__(self, job_id: str):
        super().__init__(f"no job with id {job_id!r}")
        self.job_id = job_id


class JobConflict(Exception):
    """A request the job's state does not allow, other than a status transition (409)."""
