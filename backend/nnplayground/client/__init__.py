"""A Python client of the nnplayground API, for scripts and notebooks.

    from nnplayground.client import Client
    client = Client("http://127.0.0.1:8000")
    job = client.create({"dataset": {"name": "spiral"}}, tags=["demo"])
    job.step(epochs=20)
    print(job.metrics())

`AsyncClient` is the same, awaited. Errors are typed (`NotFound`, `Conflict`,
`InvalidInput`, `TooManyRequests`, ...) and carry the server's one-line message.
"""

from nnplayground.client.aio import AsyncClient, AsyncJob
from nnplayground.client.errors import (
    ApiError,
    BadRequest,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    ServerError,
    TooManyRequests,
    Unauthorized,
)
from nnplayground.client.sweep_result import SweepResult
from nnplayground.client.sync import Client, Job
from nnplayground.client.table import Table

__all__ = [
    "ApiError",
    "AsyncClient",
    "AsyncJob",
    "BadRequest",
    "Client",
    "Conflict",
    "Forbidden",
    "InvalidInput",
    "Job",
    "NotFound",
    "ServerError",
    "SweepResult",
    "Table",
    "TooManyRequests",
    "Unauthorized",
]
