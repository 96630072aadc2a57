"""Exports of a job: a Python script, a PyTorch script, a standalone HTML report.

Each is read-only and built in a pool thread, after the job's earlier requests. A job
whose uploaded dataset was deleted cannot be exported (409); an export larger than the
limit is refused (413); both with a message that says why.
"""

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException

from nnplayground.api.deps import LinesDep, ManagerDep
from nnplayground.api.errors import CONFLICT, NOT_FOUND
from nnplayground.api.routers.jobs import JobId
from nnplayground.api.schemas import ErrorBody
from nnplayground.exports import DataGone, ExportSource, ExportTooLarge, UploadedFile
from nnplayground.exports.export_source import MAX_EXPORT_BYTES
from nnplayground.exports.python_script import python_script
from nnplayground.exports.pytorch_script import pytorch_script
from nnplayground.exports.report import ReportInputs, report_html
from nnplayground.jobs import JobConflict, JobManager

router = APIRouter(prefix="/jobs", tags=["jobs"])

TOO_LARGE = {413: {"model": ErrorBody, "description": f"the export would pass "
                                                       f"{MAX_EXPORT_BYTES // 2**20} MB"}}
ERRORS = {**NOT_FOUND, **CONFLICT, **TOO_LARGE}
STRIP_MOMENTS = 6  # boundaries in the report's small-multiples strip
STRIP_RESOLUTION = 30


class ExportFormat(StrEnum):
    PYTHON = "python"
    PYTORCH = "pytorch"


WRITERS = {ExportFormat.PYTHON: python_script, ExportFormat.PYTORCH: pytorch_script}


@router.get("/{job_id}/export", response_class=Response, responses={**ERRORS, 200: {
    "description": "a Python script (text/x-python) that rebuilds and trains the job",
    "content": {"text/x-python": {"schema": {"type": "string"}}}}})
async def export_job(job_id: JobId, manager: ManagerDep, lines: LinesDep,
                     format: Annotated[ExportFormat, Query(
                         description="python: nnplayground's engine, the job's curve to the "
                                     "bit; pytorch: torch.nn, within rounding")]
                     = ExportFormat.PYTHON) -> Response:
    """Download the job as one self-contained Python script that trains it again."""
    text = await lines.call(job_id, exported, manager, job_id, WRITERS[format])
    name = f"job-{job_id}{'-pytorch' if format is ExportFormat.PYTORCH else ''}.py"
    return Response(text, media_type="text/x-python",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/{job_id}/report", response_class=HTMLResponse, responses={**ERRORS, 200: {
    "description": "one HTML file, Plotly embedded, that opens offline",
    "content": {"text/html": {"schema": {"type": "string"}}}}})
async def job_report(job_id: JobId, manager: ManagerDep, lines: LinesDep) -> HTMLResponse:
    """Download the job's report: curves, boundary, confusion matrix, network and spec."""
    page = await lines.call(job_id, exported, manager, job_id, report_of(manager, job_id))
    return HTMLResponse(page, headers={
        "Content-Disposition": f'attachment; filename="report-{job_id}.html"'})


def exported(manager: JobManager, job_id: str, write) -> str:
    """`write(source)` of the job's ExportSource, its errors as HTTP ones."""
    try:
        return write(export_source(manager, job_id))
    except DataGone as error:
        raise JobConflict(str(error)) from error
    except ExportTooLarge as error:
        raise HTTPException(413, str(error)) from error


def export_source(manager: JobManager, job_id: str) -> ExportSource:
    record = manager.job(job_id)
    upload_id, upload = record.spec.dataset.id, None
    stored = manager.uploads.store.load_upload(upload_id) if upload_id else None
    if stored is not None:
        upload = UploadedFile(stored.name, stored.content, stored.options.get("label_column"),
                              stored.options.get("kind"))
    return ExportSource.of(job_id, record.spec, record.kernel, record.epoch, upload)


def report_of(manager: JobManager, job_id: str):
    def write(source: ExportSource) -> str:
        job = manager.job(job_id).model_dump(mode="json")
        drawable = source.session.data.drawable
        return report_html(ReportInputs(
            job=job, history=manager.history(job_id),
            boundary=manager.boundary(job_id) if drawable else None,
            strip=strip_boundaries(manager, job_id, job["epoch"]) if drawable else [],
            source=source))
    return write


def strip_boundaries(manager: JobManager, job_id: str, epoch: int) -> list[tuple[float, dict]]:
    """The boundary at a few of the job's snapshots (evenly chosen, the first and the last
    among them), for the report's small multiples; the final weights when it has none."""
    epochs = manager.snapshot_epochs(job_id)
    if not epochs:
        return [(epoch, manager.boundary(job_id, STRIP_RESOLUTION))]
    picks = sorted({epochs[round(i * (len(epochs) - 1) / (STRIP_MOMENTS - 1))]
                    for i in range(STRIP_MOMENTS)})
    strip = []
    for pick in picks:
        boundary = manager.boundary(job_id, STRIP_RESOLUTION, epoch=pick)
        strip.append((boundary.get("epoch", pick), boundary))
    return strip
