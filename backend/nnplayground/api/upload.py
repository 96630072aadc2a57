"""Reading a multipart CSV upload with the size limit enforced while the body streams in."""

import json
from collections.abc import AsyncGenerator
from dataclasses import dataclass

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from nnplayground.data import MAX_NAME_CHARS
from nnplayground.data.columns import MISSING_CHOICES
from nnplayground.errors import FieldError

# Room for the multipart boundaries, part headers and the small option fields.
FORM_OVERHEAD_BYTES = 64 * 1024
KINDS = ("classification", "regression")


@dataclass(frozen=True)
class UploadForm:
    filename: str
    content: bytes
    label_column: str | None
    kind: str | None
    standardize: bool
    features: list[str] | None = None
    ignore: list[str] | None = None
    missing: str | None = None


async def read_upload_form(request: Request, max_bytes: int) -> UploadForm:
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        raise FieldError("file", "send the CSV as multipart/form-data with a 'file' field "
                                  f"(got content-type {content_type or 'none'!r})")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes + FORM_OVERHEAD_BYTES:
        raise too_large(max_bytes, int(declared))
    parser = MultiPartParser(request.headers, bounded(request.stream(), max_bytes),
                             max_files=1, max_fields=8)
    try:
        form = await parser.parse()
    except MultiPartException as error:
        raise FieldError("file", f"unreadable multipart form: {error}") from error
    try:
        return await checked_form(form, max_bytes)
    finally:
        await form.close()


async def bounded(stream: AsyncGenerator[bytes, None], max_bytes: int
                  ) -> AsyncGenerator[bytes, None]:
    """The body's chunks; stops reading (FieldError) as soon as it is too large."""
    total = 0
    async for chunk in stream:
        total += len(chunk)
        if total > max_bytes + FORM_OVERHEAD_BYTES:
            raise too_large(max_bytes, total, more=True)
        yield chunk


async def checked_form(form, max_bytes: int) -> UploadForm:
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise FieldError("file", "a CSV file is required in the form field 'file'")
    content = await upload.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise too_large(max_bytes, len(content), more=True)
    if len(upload.filename or "") > MAX_NAME_CHARS:
        raise FieldError("file", f"the file name must be at most {MAX_NAME_CHARS} characters "
                                 f"(got {len(upload.filename)})")
    kind = text_field(form, "kind")
    if kind is not None and kind not in KINDS:
        raise FieldError("kind", f"must be one of {', '.join(KINDS)} (got {kind!r})")
    missing = text_field(form, "missing")
    if missing is not None and missing not in MISSING_CHOICES:
        raise FieldError("missing", f"must be one of {', '.join(MISSING_CHOICES)} "
                                    f"(got {missing!r})")
    return UploadForm(
        filename=upload.filename or "upload.csv", content=content,
        label_column=text_field(form, "label_column"), kind=kind,
        standardize=flag(form, "standardize"), features=name_list(form, "features"),
        ignore=name_list(form, "ignore"), missing=missing)


def text_field(form, name: str) -> str | None:
    value = form.get(name)
    if value is None or isinstance(value, UploadFile):
        return None
    return value.strip() or None


def name_list(form, name: str) -> list[str] | None:
    """A JSON list of column names (a name may hold a comma), or None if not given."""
    text = text_field(form, name)
    if text is None:
        return None
    try:
        names = json.loads(text)
    except ValueError:
        names = None
    if not isinstance(names, list) or not all(isinstance(item, str) for item in names):
        raise FieldError(name, f'must be a JSON list of column names, e.g. ["a", "b"] '
                               f"(got {text[:40]!r})")
    return names


def flag(form, name: str) -> bool:
    value = (text_field(form, name) or "false").lower()
    if value not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
        raise FieldError(name, f"must be true or false (got {value!r})")
    return value in ("true", "1", "yes", "on")


def too_large(max_bytes: int, got: int, more: bool = False) -> FieldError:
    megabytes = max_bytes / 2**20
    got_text = f"more than {got}" if more else str(got)
    return FieldError("file", f"at most {megabytes:g} MB ({max_bytes} bytes) can be uploaded "
                               f"(got {got_text} bytes)")


UPLOAD_OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object",
            "required": ["file"],
            "properties": {
                "file": {"type": "string", "format": "binary",
                         "description": "CSV: a header row, then numbers, text (one-hot "
                                        "encoded; text labels are class names) or empty cells"},
                "label_column": {"type": "string", "description": "default: the last column"},
                "features": {"type": "string", "description": (
                    'JSON list of the feature columns, e.g. ["a", "b"]; default: every '
                    "column but the label and `ignore`")},
                "ignore": {"type": "string", "description": "JSON list of columns to leave out"},
                "missing": {"type": "string", "enum": list(MISSING_CHOICES), "default": "drop",
                            "description": "rows with a missing cell are dropped, or missing "
                                           "feature cells imputed (mean, most frequent value)"},
                "kind": {"type": "string", "enum": list(KINDS),
                         "description": "default: inferred from the labels"},
                "standardize": {"type": "boolean", "default": False,
                                "description": "suggest z-scored inputs to jobs using it"},
            },
        }}},
    },
}
