"""Datasets: the built-in catalogue, previews of a dataset spec, and CSV uploads."""

import re
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from nnplayground.api.deps import LimitsDep, ManagerDep, UploadsDep
from nnplayground.api.errors import INVALID, NO_ROOM, NOT_FOUND
from nnplayground.api.schemas import BuiltinDataset, DatasetSample, ErrorBody, SampleRequest
from nnplayground.api.upload import UPLOAD_OPENAPI, read_upload_form
from nnplayground.data import Standardizer, list_datasets, to_csv
from nnplayground.jobs import UploadedDataset, UploadLibrary
from nnplayground.limits import Limits
from nnplayground.spec import DatasetSpec, JobSpec
from nnplayground.training import load_dataset, split_mask
from nnplayground.training.projection import PcaAxes

router = APIRouter(prefix="/datasets", tags=["datasets"])
IN_USE = {409: {"model": ErrorBody, "description": "jobs use this dataset; `message` names them"}}

Format = Annotated[Literal["json", "csv"], Query(description="csv: text/csv with a split column")]
CSV_TOO = {"description": "JSON, or with `?format=csv` a CSV file",
           "content": {"application/json": {}, "text/csv": {"schema": {"type": "string"}}}}
SAMPLE_EXAMPLES = {
    "spiral": {"summary": "a built-in generator",
               "value": {"name": "spiral", "n_samples": 200, "noise": 10, "train_ratio": 50,
                         "seed": 1}},
    "upload": {"summary": "an uploaded dataset", "value": {"id": "9b1c2d3e4f50"}},
}


@router.get("", name="list_datasets")
def datasets(uploads: UploadsDep) -> list[BuiltinDataset | UploadedDataset]:
    """The built-in generators with their parameters, then the uploaded datasets."""
    builtins = [BuiltinDataset.model_validate(entry) for entry in list_datasets()]
    return [*builtins, *uploads.list()]


@router.post("/sample", response_model=DatasetSample, name="sample_dataset",
             responses={**INVALID, 200: CSV_TOO})
def sample(request: Annotated[SampleRequest, Body(openapi_examples=SAMPLE_EXAMPLES)],
           uploads: UploadsDep, limits: LimitsDep, format: Format = "json"):
    """The points of a dataset spec with their train/test split, e.g. for a preview."""
    spec = DatasetSpec.model_validate(request.model_dump(exclude={"features"}))
    dataset, is_train = sampled(spec, uploads, limits)
    if format == "csv":
        return csv_response(to_csv(dataset, is_train), "sample.csv")
    return points_of(dataset, is_train)


@router.post("", status_code=201, responses={**INVALID, **NO_ROOM},
             openapi_extra=UPLOAD_OPENAPI, name="upload_dataset")
async def upload(request: Request, uploads: UploadsDep, limits: LimitsDep) -> UploadedDataset:
    """Upload a CSV (multipart `file`, optional `label_column`, `kind`, `standardize`, and
    the column roles `features`, `ignore`, `missing`)."""
    form = await read_upload_form(request, limits.max_upload_bytes)
    roles = {"features": form.features, "ignore": form.ignore, "missing": form.missing}
    return await run_in_threadpool(uploads.add, form.content, form.filename, form.label_column,
                                   form.kind, form.standardize, roles)


@router.get("/{dataset_id}", response_model=UploadedDataset, name="get_dataset",
            responses={**NOT_FOUND, 200: CSV_TOO})
def uploaded(dataset_id: str, uploads: UploadsDep, format: Format = "json",
             train_ratio: Annotated[float, Query(ge=10, le=90)] = 50,
             seed: Annotated[int, Query(ge=0)] = 0):
    """An upload's description; `?format=csv` its points with a split (`train_ratio`, `seed`)."""
    info = uploads.info(dataset_id)
    if format == "csv":
        spec = DatasetSpec(id=dataset_id, train_ratio=train_ratio, seed=seed)
        dataset = uploads.dataset(dataset_id)
        return csv_response(to_csv(dataset, split_mask(dataset, spec)), info.name)
    return info


@router.delete("/{dataset_id}", status_code=204, responses={**NOT_FOUND, **IN_USE},
               name="delete_dataset", summary="Delete an uploaded dataset")
def delete(dataset_id: str, manager: ManagerDep) -> Response:
    """Delete an upload; 409 naming the jobs while any job uses it (they need its data)."""
    manager.delete_upload(dataset_id)
    return Response(status_code=204)


def sampled(spec: DatasetSpec, uploads: UploadLibrary, limits: Limits):
    limits.check_spec(JobSpec(dataset=spec))
    dataset = load_dataset(spec, uploads.dataset)
    return dataset, split_mask(dataset, spec)


def points_of(dataset, is_train) -> dict:
    X = dataset.X
    return {
        "x1": X[:, 0].tolist(),
        "x2": X[:, 1].tolist() if X.shape[1] > 1 else [],
        "y": dataset.y.tolist(),
        "is_train": is_train.tolist(),
        "kind": dataset.kind,
        "classes": dataset.classes,
        "columns": list(dataset.columns),
        "projection": projected(dataset.X) if X.shape[1] != 2 else None,
    }


def projected(X) -> dict:
    """Wider data on the first two principal axes of its z-scored columns (thumbnails)."""
    scaled = Standardizer.fit(X).transform(X)
    points = PcaAxes.fit(scaled).project(scaled)
    return {"x": points[:, 0].round(4).tolist(), "y": points[:, 1].round(4).tolist()}


def csv_response(text: str, filename: str) -> Response:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", filename.removesuffix(".csv")) or "dataset"
    name = f"{stem}.csv"
    return Response(text, media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
