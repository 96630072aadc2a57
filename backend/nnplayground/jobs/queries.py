"""Jobs chosen by a filter, for the job manager: a page of summaries, or a bulk delete."""

import contextlib

from nnplayground.errors import FieldError
from nnplayground.jobs import listing
from nnplayground.jobs.errors import JobNotFound
from nnplayground.jobs.listing import JobFilter, JobPage
from nnplayground.jobs.record import JobRecord


class JobQueries:
    def list_jobs(self) -> list[JobRecord]:
        raise NotImplementedError

    def delete(self, job_id: str) -> None:
        raise NotImplementedError

    def page(self, where: JobFilter, limit: int = listing.DEFAULT_LIMIT,
             cursor: str | None = None) -> JobPage:
        """Summaries of the jobs `where` selects, newest first, after `cursor`."""
        return listing.page(self.list_jobs(), where, limit, cursor)

    def delete_where(self, where: JobFilter) -> list[str]:
        """Delete every job `where` selects (it must select by something); their ids."""
        if where.empty():
            raise FieldError("status", "give a status, tag or q to choose the jobs to delete")
        records = self.list_jobs()
        where.check_tags(records)
        chosen = [record.id for record in records if where.matches(record)]
        for job_id in chosen:
            with contextlib.suppress(JobNotFound):
                self.delete(job_id)
        return chosen
