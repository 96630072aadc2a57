"""Per-owner quotas: running jobs, stored jobs, uploads. 429 names the quota and how to free
one. Checks and the action they guard run under the owner's lock (on the event loop), so
racing requests of one owner cannot pass a quota together."""

import asyncio
from collections import defaultdict

from pydantic import BaseModel, Field

from nnplayground.classroom.owners import JOB, UPLOAD, OwnerBook
from nnplayground.jobs import CapacityError, JobManager, JobStatus
from nnplayground.settings import Settings


class QuotaSizes(BaseModel):
    """The quotas, as /api/me and /api/limits report them."""

    running_jobs: int = Field(description="jobs one person may have training at once")
    stored_jobs: int = Field(description="jobs one person may keep")
    uploads: int = Field(description="uploaded datasets one person may keep")


class Quotas:
    def __init__(self, settings: Settings, manager: JobManager, book: OwnerBook):
        self.running = settings.quota_running_jobs
        self.stored = settings.quota_stored_jobs
        self.uploads = settings.quota_uploads
        self.manager, self.book = manager, book
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def sizes(self) -> QuotaSizes:
        return QuotaSizes(running_jobs=self.running, stored_jobs=self.stored,
                          uploads=self.uploads)

    def lock(self, key: str | None) -> asyncio.Lock:
        return self._locks[key or ""]

    def jobs_of(self, key: str) -> list:
        found = (self.manager.jobs.find(job_id) for job_id in self.book.owned(JOB, key))
        return [job for job in found if job is not None and not job.deleted]

    def check_create(self, key: str, starting: bool) -> None:
        jobs = self.jobs_of(key)
        if len(jobs) >= self.stored:
            raise CapacityError(f"quota: at most {self.stored} stored jobs per person (you have "
                                f"{len(jobs)}); delete one of yours first")
        if starting:
            self.check_start(key, jobs)

    def check_start(self, key: str | None, jobs: list | None = None) -> None:
        if key is None:  # a job from before multi-user mode: the teacher's
            return
        jobs = self.jobs_of(key) if jobs is None else jobs
        running = sum(job.status is JobStatus.RUNNING for job in jobs)
        if running >= self.running:
            raise CapacityError(f"quota: at most {self.running} running jobs per person (you "
                                f"have {running}); pause one of yours first")

    def check_upload(self, key: str) -> None:
        existing = {upload.id for upload in self.manager.uploads.list()}
        mine = len(self.book.owned(UPLOAD, key) & existing)
        if mine >= self.uploads:
            raise CapacityError(f"quota: at most {self.uploads} uploaded datasets per person "
                                f"(you have {mine}); delete one of yours first")
