"""GET /api/jobs/{id}/snapshots: the epochs at which a job kept its weights.

`?epoch=E` on /boundary, /neurons and /model (jobs.py) reads the one nearest at or before E.
"""

from typing import Annotated

from fastapi import APIRouter, Path

from nnplayground.api.deps import ManagerDep
from nnplayground.api.errors import NOT_FOUND
from nnplayground.jobs.snapshots import SnapshotInfo

router = APIRouter(prefix="/jobs", tags=["jobs"])


@router.get("/{job_id}/snapshots", responses=NOT_FOUND)
async def list_snapshots(job_id: Annotated[str, Path(description="the job's id")],
                         manager: ManagerDep) -> list[SnapshotInfo]:
    """The job's snapshots, by step: log-spaced over its epochs (every epoch early on),
    at most `max_snapshots` (see `/api/limits`), the first and latest always kept."""
    return manager.snapshots(job_id)
