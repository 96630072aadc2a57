"""Reading jobs, for the job manager: one job, all of them, a history; or the jobs a filter
chooses, as a page of summaries or a bulk delete."""

import contextlib
from collections.abc import Callable

from nnplayground.errors import FieldError
from nnplayground.jobs import listing
from nnplayground.jobs.errors import JobNotFound
from nnplayground.jobs.history import Columns
from nnplayground.jobs.job import Job
from nnplayground.jobs.listing import JobFilter, JobPage
from nnplayground.jobs.record import JobRecord
from nnplayground.jobs.registry import JobRegistry


class JobQueries:
    jobs: JobRegistry

    def get(self, job_id: str) -> Job:
        return self.jobs.get(job_id)

    def job(self, job_id: str) -> JobRecord:
        return self.jobs.get(job_id).public()

    def list_jobs(self) -> list[JobRecord]:
        return [job.public() for job in self.jobs.all()]

    def history(self, job_id: str, since: int | None = None) -> Columns:
        job = self.jobs.get(job_id)
        with job.state_lock:
            return job.history.since(since)

    def delete(self, job_id: str) -> None:
        raise NotImplementedError

    def page(self, where: JobFilter, limit: int = listing.DEFAULT_LIMIT,
             cursor: str | None = None, only: Callable[[str], bool] | None = None) -> JobPage:
        """Summaries of the jobs `where` selects, newest first, after `cursor` (of the ids
        `only` accepts: a person's own in multi-user mode)."""
        return listing.page(self._records(only), where, limit, cursor)

    def delete_where(self, where: JobFilter,
                     only: Callable[[str], bool] | None = None) -> list[str]:
        """Delete every job `where` selects (it must select by something); their ids."""
        if where.empty():
            raise FieldError("status", "give a status, tag or q to choose the jobs to delete")
        records = self._records(only)
        where.check_tags(records)
        chosen = [record.id for record in records if where.matches(record)]
        for job_id in chosen:
            with contextlib.suppress(JobNotFound):
                self.delete(job_id)
        return chosen

    def _records(self, only: Callable[[str], bool] | None) -> list[JobRecord]:
        records = self.list_jobs()
        return records if only is None else [record for record in records if only(record.id)]
