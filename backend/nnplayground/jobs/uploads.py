"""Uploaded CSV datasets: kept as the bytes received plus the options to parse them again.

Nothing is pickled: loading an upload parses its CSV anew with the data package,
so what a job trains on is always what `parse_csv` makes of the file.
"""

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Literal

from pydantic import BaseModel, Field

from nnplayground.data import DataError, Dataset, parse_csv
from nnplayground.errors import FieldError
from nnplayground.jobs.errors import JobConflict
from nnplayground.jobs.record import now_iso
from nnplayground.jobs.store import Store, StoredUpload

PARSED_CACHE_SIZE = 8
ROLE_OPTIONS = ("features", "ignore", "missing")


class UnknownUpload(LookupError):
    def __init__(self, upload_id: str):
        super().__init__(f"no uploaded dataset with id {upload_id!r}")
        self.upload_id = upload_id


class UploadedDataset(BaseModel):
    """An upload's description, as the API shows it and the store keeps it."""

    id: str = Field(examples=["9b1c2d3e4f50"])
    name: str = Field(examples=["iris.csv"])
    n_rows: int
    n_features: int
    kind: Literal["classification", "regression"]
    classes: int | None
    columns: list[str] = Field(description="the network's inputs (text columns one-hot "
                                           "encoded as column=value)")
    standardize: bool = False
    class_names: list[str] | None = Field(None, description="the classes' labels, as text")
    fields: list[dict] = Field(default_factory=list, description=(
        "what a question to the model is made of: per feature column, its name and kind "
        "(number with min and max, or category with its categories)"))
    notes: list[str] = Field(default_factory=list, description="rows dropped, cells imputed")
    builtin: Literal[False] = False


class UploadLibrary:
    def __init__(self, store: Store, max_uploads: int | None = None):
        self.store = store
        self.max_uploads = max_uploads
        self._parsed: OrderedDict[str, Dataset] = OrderedDict()
        self._lock = threading.Lock()
        self._deleting = threading.Lock()  # a delete, or a job taking an upload into use

    def add(self, content: bytes, filename: str, label_column: str | None = None,
            kind: str | None = None, standardize: bool = False,
            roles: dict | None = None) -> UploadedDataset:
        """Parse (FieldError "file" for a bad file), store, and return its description.
        `roles`: `features`, `ignore` and `missing` as `parse_csv` takes them."""
        roles = {key: value for key, value in (roles or {}).items() if value is not None}
        try:
            dataset = parse_csv(content, label_column=label_column, kind=kind, name=filename,
                                **roles)
        except DataError as error:
            raise FieldError("file", str(error)) from error
        upload_id = secrets.token_hex(12)  # 96 random bits
        options = {"label_column": label_column, "kind": kind, "standardize": standardize,
                   **roles}
        info = describe(upload_id, dataset, standardize)
        self.store.save_upload(StoredUpload(upload_id, filename, content, options,
                                            info.model_dump(), now_iso()), self.max_uploads)
        self._remember(upload_id, dataset)
        return info

    def info(self, upload_id: str) -> UploadedDataset:
        """Its description (UnknownUpload if there is none); the content stays on disk: a
        live read of a job asks this for the data's size (memory.frozen_mb)."""
        info = self.store.load_upload_info(upload_id)
        if info is None:
            raise UnknownUpload(upload_id)
        return UploadedDataset.model_validate(info)

    def list(self) -> list[UploadedDataset]:
        return [UploadedDataset.model_validate(info) for info in self.store.list_upload_infos()]

    def content(self, upload_id: str) -> bytes:
        return self._stored(upload_id).content

    def dataset(self, upload_id: str) -> Dataset:
        """The parsed dataset (UnknownUpload if there is none): the sessions' resolver."""
        with self._lock:
            if upload_id in self._parsed:
                self._parsed.move_to_end(upload_id)
                return self._parsed[upload_id]
        stored = self._stored(upload_id)
        options = stored.options
        roles = {key: options[key] for key in ROLE_OPTIONS if options.get(key) is not None}
        dataset = parse_csv(stored.content, label_column=options["label_column"],
                            kind=options["kind"], name=stored.name, **roles)
        self._remember(upload_id, dataset)
        return dataset

    @contextmanager
    def taken(self, upload_id: str | None) -> Iterator[None]:
        """Within, the upload exists (JobConflict otherwise) and no `delete` runs: a new job
        that uses it is registered within, so that a delete after it sees the job."""
        with self._deleting:
            if upload_id is not None and not self.store.has_upload(upload_id):
                raise JobConflict(f"dataset {upload_id} was deleted while this job was being "
                                  "created; upload it again")
            yield

    def delete(self, upload_id: str, refuse: Callable[[], None] = lambda: None) -> None:
        """Delete it, unless `refuse()` (called first, with no job taking it meanwhile)
        raises."""
        with self._deleting:
            refuse()
            if not self.store.delete_upload(upload_id):
                raise UnknownUpload(upload_id)
        with self._lock:
            self._parsed.pop(upload_id, None)

    def _stored(self, upload_id: str) -> StoredUpload:
        stored = self.store.load_upload(upload_id)
        if stored is None:
            raise UnknownUpload(upload_id)
        return stored

    def _remember(self, upload_id: str, dataset: Dataset) -> None:
        with self._lock:
            self._parsed[upload_id] = dataset
            while len(self._parsed) > PARSED_CACHE_SIZE:
                self._parsed.popitem(last=False)


def describe(upload_id: str, dataset: Dataset, standardize: bool) -> UploadedDataset:
    return UploadedDataset(
        id=upload_id, name=dataset.name, n_rows=dataset.n_samples,
        n_features=int(dataset.X.shape[1]), kind=dataset.kind, classes=dataset.classes,
        columns=list(dataset.columns), standardize=standardize,
        class_names=[str(label) for label in dataset.class_labels] if dataset.class_labels
        else None,
        fields=[field.public() for field in dataset.input_fields()], notes=dataset.notes)
