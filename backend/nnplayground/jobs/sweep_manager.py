"""Sweeps run: members are created at once (tagged with the sweep's id) and started a few
at a time by a scheduler thread, which waits when the server has no room (a 429 for a
single job is a queue for a sweep). Sweeps persist; after a restart they go on."""

import contextlib
import logging
import threading
import uuid
from collections.abc import Callable

from nnplayground.jobs.errors import CapacityError, JobNotFound
from nnplayground.jobs.manager import JobManager
from nnplayground.jobs.record import JobRecord, StatusReason, now_iso
from nnplayground.jobs.status import IllegalAction, JobStatus
from nnplayground.jobs.sweep_results import (
    Sweep,
    SweepState,
    SweepSummary,
    summary_view,
    sweep_view,
)
from nnplayground.jobs.sweep_store import SweepMemberRow, SweepRow, SweepStore
from nnplayground.jobs.sweeps import SweepCreate, expand, member_name
from nnplayground.spec import JobCreate

log = logging.getLogger(__name__)

TICK_SECONDS = 0.2
# A member paused for these reasons is the sweep's to start again; one a user paused is not.
RESUMABLE = {None, StatusReason.RESTART, StatusReason.SWEEP_PAUSED, StatusReason.IDLE}


class SweepNotFound(LookupError):
    def __init__(self, sweep_id: str):
        super().__init__(f"no sweep with id {sweep_id!r}")


class SweepManager:
    def __init__(self, jobs: JobManager, store: SweepStore):
        self.jobs = jobs
        self.store = store
        self._sweeps: dict[str, SweepRow] = {}
        self._lock = threading.RLock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        for row in self.store.load():
            self._sweeps[row.id] = row
        self._thread = threading.Thread(target=self._run, name="sweeps", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.store.close()

    # --- actions -------------------------------------------------------------------------

    def create(self, request: SweepCreate) -> Sweep:
        members = expand(request, self.jobs.limits)
        sweep_id = uuid.uuid4().hex[:12]
        created: list[SweepMemberRow] = []
        try:
            for member in members:
                job = self.jobs.create(JobCreate.model_validate({
                    **member.spec.model_dump(), "name": member_name(member.values),
                    "tags": [sweep_id, *request.tags]}))
                created.append(SweepMemberRow(job_id=job.id, values=member.values))
        except Exception:
            for row in created:  # no half sweeps
                with contextlib.suppress(JobNotFound):
                    self.jobs.delete(row.job_id)
            raise
        axes = list(members[0].values) if members else []
        row = SweepRow(id=sweep_id, name=request.name, axes=axes,
                       max_parallel=request.max_parallel, members=created)
        with self._lock:
            self._sweeps[sweep_id] = row
            self.store.save(row)
        self._wake.set()
        return self.get(sweep_id)

    def get(self, sweep_id: str) -> Sweep:
        row = self._row(sweep_id)
        return sweep_view(row, self._records(row))

    def list(self, only: Callable[[str], bool] | None = None) -> list[SweepSummary]:
        """Every sweep, newest first; with `only`, those whose ids it accepts."""
        with self._lock:
            rows = [row for row in self._sweeps.values() if only is None or only(row.id)]
        return [summary_view(row, self._records(row)) for row in reversed(rows)]

    def pause(self, sweep_id: str) -> Sweep:
        """No more members start; the running ones pause (`status_reason`: sweep_paused)."""
        row = self._set_state(sweep_id, SweepState.PAUSED)
        for member in row.members:
            with contextlib.suppress(JobNotFound, IllegalAction):
                if self.jobs.job(member.job_id).status is JobStatus.RUNNING:
                    self.jobs.pause(member.job_id, StatusReason.SWEEP_PAUSED)
        return self.get(sweep_id)

    def resume(self, sweep_id: str) -> Sweep:
        self._set_state(sweep_id, SweepState.RUNNING)
        self._wake.set()
        return self.get(sweep_id)

    def delete(self, sweep_id: str) -> None:
        """The sweep and every member job."""
        with self._lock:
            row = self._row(sweep_id)
            del self._sweeps[sweep_id]
            self.store.delete(sweep_id)
        for member in row.members:
            with contextlib.suppress(JobNotFound):
                self.jobs.delete(member.job_id)

    # --- the scheduler -------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(TICK_SECONDS)
            self._wake.clear()
            with self._lock:
                rows = [row for row in self._sweeps.values() if row.state == SweepState.RUNNING]
            for row in rows:
                try:
                    self._advance(row)
                except Exception:  # one bad sweep must not stop the others
                    log.exception("sweep %s could not advance", row.id)

    def _advance(self, row: SweepRow) -> None:
        """Start waiting members up to `max_parallel`; mark the sweep completed at the end."""
        records = list(self._records(row).values())
        running = sum(record.status is JobStatus.RUNNING for record in records)
        waiting = [record for record in records if startable(record)]
        for record in waiting[:max(0, row.max_parallel - running)]:
            if row.state != SweepState.RUNNING:  # paused meanwhile
                return
            try:
                self.jobs.play(record.id)
            except CapacityError:
                return  # queued: the server is full; try again on the next tick
            except (IllegalAction, JobNotFound):
                continue
        if all(record.status.finished for record in records):
            with self._lock:
                if row.state == SweepState.RUNNING:
                    row.state, row.finished_at = SweepState.COMPLETED.value, now_iso()
                    self.store.save(row)

    # --- internals -----------------------------------------------------------------------

    def _row(self, sweep_id: str) -> SweepRow:
        with self._lock:
            row = self._sweeps.get(sweep_id)
        if row is None:
            raise SweepNotFound(sweep_id)
        return row

    def _records(self, row: SweepRow) -> dict[str, JobRecord]:
        records = {}
        for member in row.members:
            with contextlib.suppress(JobNotFound):
                records[member.job_id] = self.jobs.job(member.job_id)
        return records

    def _set_state(self, sweep_id: str, state: SweepState) -> SweepRow:
        with self._lock:
            row = self._row(sweep_id)
            if row.state != SweepState.COMPLETED:
                row.state = state.value
                self.store.save(row)
            return row


def startable(record: JobRecord) -> bool:
    return record.status is JobStatus.CREATED or (
        record.status is JobStatus.PAUSED and record.status_reason in RESUMABLE)
